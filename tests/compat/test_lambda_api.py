"""The Lambda API against a running Sluice with boto3: functions, Invoke, errors.

Expected behaviour is AWS Lambda's (API reference: CreateFunction, GetFunction, Invoke, …;
the Runtime API 2018-06-01). Handlers are written for AWS and run unchanged: Python under the
real awslambdaric client, `provided` runtimes as a bootstrap speaking the Runtime API."""
import base64
import json
import subprocess
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from lambda_helpers import ROLE, invoke_json, package, provided_package, python_package
from sqs_helpers import ENDPOINT, unique_name

ECHO = """
    def handler(event, context):
        return {"event": event, "request_id": context.aws_request_id,
                "remaining": context.get_remaining_time_in_millis(), "name": context.function_name}
"""


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_get_list_update_delete(lam, function_factory):
    name = function_factory(ECHO, Timeout=7, MemorySize=256, Environment={"Variables": {"STAGE": "test"}},
                            Description="echo", Tags={"team": "data"})
    configuration = lam.get_function_configuration(FunctionName=name)
    assert configuration["FunctionName"] == name
    assert configuration["FunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert (configuration["Runtime"], configuration["Handler"], configuration["Timeout"], configuration["MemorySize"]) == \
        ("python3.12", "app.handler", 7, 256)
    assert configuration["Environment"] == {"Variables": {"STAGE": "test"}}
    assert configuration["State"] == "Active" and configuration["LastUpdateStatus"] == "Successful"
    assert configuration["CodeSha256"] and configuration["CodeSize"] > 0
    function = lam.get_function(FunctionName=configuration["FunctionArn"])
    assert function["Configuration"]["RevisionId"] == configuration["RevisionId"]
    assert function["Tags"] == {"team": "data"}
    downloaded = __import__("urllib.request").request.urlopen(function["Code"]["Location"]).read()
    assert base64.b64encode(__import__("hashlib").sha256(downloaded).digest()).decode() == configuration["CodeSha256"]
    assert name in [f["FunctionName"] for f in lam.list_functions(MaxItems=1000)["Functions"]]

    updated = lam.update_function_configuration(FunctionName=name, Timeout=9, RevisionId=configuration["RevisionId"])
    assert updated["Timeout"] == 9 and updated["RevisionId"] != configuration["RevisionId"]
    with pytest.raises(ClientError) as stale:
        lam.update_function_configuration(FunctionName=name, Timeout=10, RevisionId=configuration["RevisionId"])
    assert error_code(stale) == ("PreconditionFailedException", 412)

    code = lam.update_function_code(FunctionName=name, ZipFile=python_package("def handler(e, c):\n    return 'v2'\n"))
    assert code["CodeSha256"] != configuration["CodeSha256"]
    assert invoke_json(lam, name)[2] == "v2"

    lam.delete_function(FunctionName=name)
    with pytest.raises(ClientError) as gone:
        lam.get_function(FunctionName=name)
    assert error_code(gone) == ("ResourceNotFoundException", 404)


def test_list_functions_pages(lam, function_factory):
    names = sorted(function_factory("def handler(e, c):\n    return 1\n", prefix="page") for _ in range(3))
    seen, marker = [], None
    while True:
        page = lam.list_functions(MaxItems=2, **({"Marker": marker} if marker else {}))
        seen += [f["FunctionName"] for f in page["Functions"]]
        marker = page.get("NextMarker")
        if not marker:
            break
    assert [n for n in seen if n in names] == names


def test_invoke_runs_a_lambda_handler_unchanged(lam, function_factory):
    name = function_factory(ECHO, Timeout=20)
    status, error, payload, response = invoke_json(lam, name, {"n": 1})
    assert (status, error) == (200, None)
    assert payload["event"] == {"n": 1} and payload["name"] == name
    assert 15_000 < payload["remaining"] <= 20_000
    assert response["ExecutedVersion"] == "$LATEST"
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


def test_a_handler_reaches_sluice_through_aws_endpoint_url(lam, function_factory, queue_factory, sqs):
    queue = queue_factory("from-handler")
    name = function_factory("""
        import boto3
        def handler(event, context):
            return boto3.client("sqs").send_message(QueueUrl=event["queue"], MessageBody="from a handler")["MessageId"]
    """, Timeout=30)
    _, error, message_id, _ = invoke_json(lam, name, {"queue": queue})
    assert error is None
    received = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=5)["Messages"]
    assert received[0]["MessageId"] == message_id and received[0]["Body"] == "from a handler"


def test_function_error_is_unhandled_with_the_error_document(lam, function_factory):
    name = function_factory("def handler(event, context):\n    raise KeyError('missing')\n")
    status, error, payload, _ = invoke_json(lam, name)
    assert (status, error) == (200, "Unhandled")
    assert payload["errorType"] == "KeyError" and payload["errorMessage"] == "'missing'"
    assert isinstance(payload["stackTrace"], list)


def test_log_tail_is_the_end_of_the_invocation_log(lam, function_factory):
    name = function_factory("def handler(event, context):\n    print('visible in the tail')\n    return 1\n")
    _, _, _, response = invoke_json(lam, name, LogType="Tail")
    log = base64.b64decode(response["LogResult"]).decode()
    assert "START RequestId:" in log and "visible in the tail" in log
    assert "END RequestId:" in log and "REPORT RequestId:" in log
    assert len(base64.b64decode(response["LogResult"])) <= 4096


def test_client_context_reaches_the_handler(lam, function_factory):
    name = function_factory("""
        def handler(event, context):
            return context.client_context.custom
    """)
    context = base64.b64encode(json.dumps({"custom": {"tenant": "a"}}).encode()).decode()
    assert invoke_json(lam, name, ClientContext=context)[2] == {"tenant": "a"}


def test_dry_run_and_event_invocations(lam, function_factory, queue_factory, sqs):
    queue = queue_factory("event-target")
    name = function_factory("""
        import boto3
        def handler(event, context):
            boto3.client("sqs").send_message(QueueUrl=event["queue"], MessageBody=event["mark"])
    """, Timeout=30)
    dry = lam.invoke(FunctionName=name, InvocationType="DryRun", Payload=json.dumps({"queue": queue}))
    assert dry["StatusCode"] == 204
    queued = lam.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps({"queue": queue, "mark": "async"}))
    assert queued["StatusCode"] == 202 and queued["Payload"].read() == b""
    received = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20).get("Messages", [])
    assert [m["Body"] for m in received] == ["async"]
    with pytest.raises(ClientError) as missing:
        lam.invoke(FunctionName="no-such-function", InvocationType="DryRun")
    assert error_code(missing) == ("ResourceNotFoundException", 404)


def test_provided_runtime_runs_a_bootstrap(lam, function_factory):
    name = function_factory(zip_bytes=provided_package("def handle(event, request_id):\n    return {'twice': event['n'] * 2}\n"),
                            runtime="provided.al2023", handler="handler.handle")
    assert invoke_json(lam, name, {"n": 21})[2] == {"twice": 42}


def test_a_crash_is_runtime_exit_error_and_the_next_call_works(lam, function_factory):
    name = function_factory("""
        import os
        def handler(event, context):
            if event.get("crash"):
                os._exit(3)
            return "alive"
    """)
    status, error, payload, _ = invoke_json(lam, name, {"crash": True})
    assert (status, error) == (200, "Unhandled")
    assert payload["errorType"] == "Runtime.ExitError"
    assert payload["errorMessage"].endswith("Runtime exited with error: exit status 3")
    assert invoke_json(lam, name)[2] == "alive"


def test_a_timeout_answers_lambdas_timeout_message(lam, function_factory):
    name = function_factory("import time\ndef handler(event, context):\n    time.sleep(30)\n", Timeout=1)
    started = time.time()
    status, error, payload, _ = invoke_json(lam, name)
    assert time.time() - started < 10
    assert (status, error) == (200, "Unhandled")
    assert "errorType" not in payload
    assert payload["errorMessage"].endswith("Task timed out after 1.00 seconds")


def test_init_errors_fail_fast_with_the_runtimes_error(lam, function_factory):
    name = function_factory("import no_such_module\ndef handler(e, c):\n    return 1\n")
    for _ in range(3):
        status, error, payload, _ = invoke_json(lam, name)
        assert (status, error) == (200, "Unhandled")
        assert payload["errorType"] == "Runtime.ImportModuleError"
        assert "no_such_module" in payload["errorMessage"]
    missing = function_factory("def other(e, c):\n    return 1\n")
    assert invoke_json(lam, missing)[2]["errorType"] == "Runtime.HandlerNotFound"


@pytest.mark.parametrize("kwargs, code", [
    ({"Runtime": "cobol85"}, "ValidationException"),
    ({"Runtime": "nodejs20.x"}, "InvalidParameterValueException"),
    ({"Timeout": 0}, "ValidationException"),
    ({"Timeout": 901}, "ValidationException"),
    ({"MemorySize": 64}, "ValidationException"),
    ({"Role": "not-a-role"}, "ValidationException"),
    ({"Environment": {"Variables": {"AWS_REGION": "x"}}}, "InvalidParameterValueException"),
    ({"Code": {"ZipFile": b"this is not a zip"}}, "InvalidParameterValueException"),
    ({"Tags": {"sluice:pool": "no-such-pool"}}, "InvalidParameterValueException"),
])
def test_invalid_functions_are_refused_and_nothing_is_created(lam, kwargs, code):
    # boto3 checks some ranges itself: a client that does not, as other SDKs and raw HTTP.
    unchecked = boto3.client("lambda", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="a",
                             aws_secret_access_key="b", config=Config(parameter_validation=False))
    name = unique_name("bad")
    arguments = {"FunctionName": name, "Runtime": "python3.12", "Role": ROLE, "Handler": "app.handler",
                 "Code": {"ZipFile": python_package("def handler(e, c):\n    return 1\n")}}
    arguments.update(kwargs)
    with pytest.raises(ClientError) as refused:
        unchecked.create_function(**arguments)
    assert error_code(refused) == (code, 400)
    with pytest.raises(ClientError) as absent:
        lam.get_function(FunctionName=name)
    assert error_code(absent)[0] == "ResourceNotFoundException"


def test_unzip_error_wording(lam):
    with pytest.raises(ClientError) as refused:
        lam.create_function(FunctionName=unique_name("bad"), Runtime="python3.12", Role=ROLE, Handler="a.b",
                            Code={"ZipFile": b"PK\x03\x04garbage"})
    assert refused.value.response["Error"]["Message"] == \
        "Could not unzip uploaded file. Please check your file, then try to upload again."


def test_duplicate_names_conflict(lam, function_factory):
    name = function_factory("def handler(e, c):\n    return 1\n")
    with pytest.raises(ClientError) as conflict:
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                            Code={"ZipFile": python_package("def handler(e, c):\n    return 2\n")})
    assert error_code(conflict) == ("ResourceConflictException", 409)
    assert invoke_json(lam, name)[2] == 1


def test_invoke_payload_limits_and_json(lam, function_factory):
    name = function_factory("def handler(e, c):\n    return 1\n")
    with pytest.raises(ClientError) as too_large:
        lam.invoke(FunctionName=name, Payload=json.dumps({"x": "y" * (6 * 1024 * 1024)}))
    assert error_code(too_large) == ("RequestEntityTooLargeException", 413)
    with pytest.raises(ClientError) as not_json:
        lam.invoke(FunctionName=name, Payload=b"{not json")
    assert error_code(not_json) == ("InvalidRequestContentException", 400)


def test_a_response_over_six_megabytes_fails_the_invocation(lam, function_factory):
    name = function_factory("def handler(e, c):\n    return 'x' * (7 * 1024 * 1024)\n", MemorySize=512)
    status, error, payload, _ = invoke_json(lam, name)
    assert (status, error) == (200, "Unhandled")
    assert payload["errorType"] == "Function.ResponseSizeTooLarge"


def test_unknown_lambda_routes_and_qualifiers(lam, function_factory):
    name = function_factory("def handler(e, c):\n    return 1\n")
    with pytest.raises(ClientError) as qualified:
        lam.invoke(FunctionName=name, Qualifier="7")
    assert error_code(qualified) == ("ResourceNotFoundException", 404)
    assert invoke_json(lam, name, Qualifier="$LATEST")[2] == 1
    with pytest.raises(ClientError) as bad_name:
        lam.invoke(FunctionName="bad name!")
    assert error_code(bad_name) == ("ValidationException", 400)


def test_aws_cli_invokes(function_factory, tmp_path):
    name = function_factory("def handler(event, context):\n    return {'cli': event['from']}\n")
    out = tmp_path / "out.json"
    result = subprocess.run(
        ["aws", "--endpoint-url", ENDPOINT, "--region", "us-east-1", "lambda", "invoke", "--function-name", name,
         "--payload", '{"from": "cli"}', str(out)],
        capture_output=True, text=True, env={**__import__("os").environ, "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["StatusCode"] == 200
    assert json.loads(out.read_text()) == {"cli": "cli"}
