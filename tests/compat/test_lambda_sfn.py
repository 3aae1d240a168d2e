"""Step Functions Task states calling pool functions, as AWS Step Functions calls Lambda:
by function ARN (the result is the function's output) and through the optimised
`arn:aws:states:::lambda:invoke` integration (Invoke's answer: Payload, StatusCode,
ExecutedVersion, SdkHttpMetadata, SdkResponseMetadata), with AWS's error names."""
import json

import pytest

from sfn_helpers import make_sfn_client
from sqs_helpers import unique_name

ROLE = "arn:aws:iam::123456789012:role/sluice-test"
STAGE = """
    import os, time
    def handler(event, context):
        if event.get("raise"):
            raise ValueError("bad input: " + event["raise"])
        if event.get("sleep"):
            time.sleep(event["sleep"])
        if event.get("crash"):
            os._exit(1)
        return {"n": event.get("n", 0) + 1, "stage": context.function_name}
"""


@pytest.fixture
def sfn():
    return make_sfn_client()


def run(sfn, definition, payload):
    machine = sfn.create_state_machine(name=unique_name("lam"), definition=json.dumps(definition), roleArn=ROLE,
                                       type="EXPRESS")["stateMachineArn"]
    return sfn.start_sync_execution(stateMachineArn=machine, input=json.dumps(payload))


def function_arn(name):
    return f"arn:aws:lambda:us-east-1:000000000000:function:{name}"


def test_a_chain_of_functions_by_arn(sfn, function_factory):
    first, second = function_factory(STAGE, Timeout=10), function_factory(STAGE, Timeout=10)
    result = run(sfn, {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": function_arn(first), "Next": "B"},
        "B": {"Type": "Task", "Resource": function_arn(second), "End": True}}}, {"n": 1})
    assert result["status"] == "SUCCEEDED", result
    assert json.loads(result["output"]) == {"n": 3, "stage": second}


def test_lambda_invoke_answers_with_invokes_shape(sfn, function_factory):
    name = function_factory(STAGE, Timeout=10)
    result = run(sfn, {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function_arn(name), "Payload.$": "$"}, "End": True}}}, {"n": 41})
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert list(output) == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]
    assert output["Payload"] == {"n": 42, "stage": name}
    assert output["StatusCode"] == 200 and output["ExecutedVersion"] == "$LATEST"
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200
    request_id = output["SdkResponseMetadata"]["RequestId"]
    assert output["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"] == request_id


@pytest.mark.parametrize("event, error, cause_part", [
    ({"raise": "x"}, "ValueError", '"errorMessage": "bad input: x"'),
    ({"crash": True}, "Runtime.ExitError", "Runtime exited with error: exit status 1"),
    ({"sleep": 5}, "Lambda.Unknown", "Task timed out after 1.00 seconds"),
])
def test_function_failures_reach_retry_and_catch_by_awss_names(sfn, function_factory, event, error, cause_part):
    name = function_factory(STAGE, Timeout=1)
    result = run(sfn, {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": function_arn(name), "End": True,
                 "Catch": [{"ErrorEquals": [error], "ResultPath": "$.error", "Next": "Caught"}]},
        "Caught": {"Type": "Pass", "End": True}}}, event)
    assert result["status"] == "SUCCEEDED", result
    caught = json.loads(result["output"])["error"]
    assert caught["Error"] == error
    assert cause_part.replace(" ", "") in caught["Cause"].replace(" ", "")


def test_a_missing_function_is_lambda_resource_not_found(sfn):
    result = run(sfn, {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "no-such-function", "Payload": {}}, "End": True}}}, {})
    assert result["status"] == "FAILED"
    assert result["error"] == "Lambda.ResourceNotFoundException"
