"""Task states against a running Sluice: activities (GetActivityTask, SendTaskSuccess /
Failure / Heartbeat), sqs:sendMessage(.waitForTaskToken) on Sluice's queues, and functions
from the config file (tests/compat/sluice-test.yaml's `functions:`).

Expected behaviour is AWS Step Functions' (API reference: GetActivityTask, SendTaskSuccess,
SendTaskFailure, SendTaskHeartbeat; developer guide: "Wait for a Callback with Task Token",
"Activities").
"""
import json
import os
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from sqs_helpers import ENDPOINT, REGION, unique_name

ROLE = "arn:aws:iam::123456789012:role/sluice-test"
CONFIGURED = os.environ.get("SLUICE_CONFIGURED") == "1"


def client(read_timeout=70):
    return boto3.client(
        "stepfunctions", endpoint_url=ENDPOINT, region_name=REGION,
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 0}, read_timeout=read_timeout))


@pytest.fixture
def sfn():
    return client()


def machine(sfn, definition, kind="STANDARD"):
    return sfn.create_state_machine(name=unique_name("tasks"), definition=json.dumps(definition), roleArn=ROLE, type=kind)["stateMachineArn"]


def finish(sfn, arn, timeout=20):
    deadline = time.time() + timeout
    while True:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING" or time.time() > deadline:
            return d
        time.sleep(0.05)


def history_types(sfn, arn):
    return [e["type"] for e in sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]]


def test_activity_round_trip(sfn):
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    arn = machine(sfn, {"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": activity, "Parameters": {"job.$": "$.job"}, "ResultPath": "$.result", "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"job": 7}))["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="worker-1")
    assert json.loads(task["input"]) == {"job": 7}
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"done": True}))
    d = finish(sfn, run)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"]) == {"job": 7, "result": {"done": True}}
    types = history_types(sfn, run)
    assert types[:5] == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]
    events = sfn.get_execution_history(executionArn=run)["events"]
    started = next(e for e in events if e["type"] == "ActivityStarted")
    assert started["activityStartedEventDetails"]["workerName"] == "worker-1"
    # The token is spent: answering again is TaskDoesNotExist or TaskTimedOut, never success.
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    assert e.value.response["Error"]["Code"] in ("TaskDoesNotExist", "TaskTimedOut")


def test_activity_failure_is_caught_by_name(sfn):
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    arn = machine(sfn, {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "End": True,
                 "Catch": [{"ErrorEquals": ["Worker.Broken"], "ResultPath": "$.err", "Next": "Handled"}]},
        "Handled": {"Type": "Pass", "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Broken", cause="disk full")
    d = finish(sfn, run)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"]) == {"err": {"Error": "Worker.Broken", "Cause": "disk full"}}


def test_missed_heartbeat_fails_with_states_timeout(sfn):
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    arn = machine(sfn, {"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": activity, "HeartbeatSeconds": 1, "TimeoutSeconds": 30, "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_heartbeat(taskToken=task["taskToken"])
    d = finish(sfn, run, timeout=10)
    assert d["status"] == "FAILED"
    assert d["error"] == "States.Timeout"
    assert "ActivityTimedOut" in history_types(sfn, run)


def test_deleting_an_activity_ends_its_polls():
    poller = client()
    activity = poller.create_activity(name=unique_name("idle"))["activityArn"]
    result = {}

    def poll():
        try:
            result["task"] = poller.get_activity_task(activityArn=activity)
        except ClientError as error:
            result["error"] = error.response["Error"]["Code"]

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    time.sleep(1)
    assert thread.is_alive(), "a poll with nothing queued must wait"
    client().delete_activity(activityArn=activity)
    thread.join(10)
    assert not thread.is_alive()
    assert result.get("error") == "ActivityDoesNotExist"


def test_activity_errors(sfn):
    bogus = "arn:aws:states:us-east-1:000000000000:activity:" + unique_name("missing")
    with pytest.raises(ClientError) as e:
        sfn.get_activity_task(activityArn=bogus)
    assert e.value.response["Error"]["Code"] == "ActivityDoesNotExist"
    with pytest.raises(ClientError) as e:
        sfn.describe_activity(activityArn="not-an-arn")
    assert e.value.response["Error"]["Code"] == "InvalidArn"
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken="no such token", output="{}")
    assert e.value.response["Error"]["Code"] == "InvalidToken"
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken="AAAA" * 16, output="{}")
    assert e.value.response["Error"]["Code"] == "TaskDoesNotExist"


def test_send_task_success_rejects_output_that_is_not_json(sfn):
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    arn = machine(sfn, {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken=task["taskToken"], output="{not json")
    assert e.value.response["Error"]["Code"] == "InvalidOutput"
    sfn.send_task_success(taskToken=task["taskToken"], output="[1]")
    assert json.loads(finish(sfn, run)["output"]) == [1]


def test_sqs_send_message_wait_for_task_token(sfn, sqs, queue_factory):
    queue = queue_factory("sfn-callback")
    arn = machine(sfn, {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": queue, "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
        "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"order": "A-1"}))["executionArn"]
    messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=10).get("Messages", [])
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["order"] == "A-1"
    sfn.send_task_success(taskToken=body["token"], output=json.dumps({"approved": True}))
    d = finish(sfn, run)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"]) == {"approved": True}
    assert "TaskSubmitted" in history_types(sfn, run)


def test_sqs_send_message_returns_the_message_id(sfn, sqs, queue_factory):
    queue = queue_factory("sfn-send")
    arn = machine(sfn, {"StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": queue, "MessageBody.$": "$.text"}, "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"text": "hello"}))
    assert d["status"] == "SUCCEEDED", d
    sent = json.loads(d["output"])
    message = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=5)["Messages"][0]
    assert message["Body"] == "hello"
    assert sent["MessageId"] == message["MessageId"]
    assert sent["MD5OfMessageBody"] == message["MD5OfBody"]


@pytest.mark.skipif(not CONFIGURED, reason="needs the server started with tests/compat/sluice-test.yaml")
def test_config_function_by_lambda_arn_and_lambda_invoke(sfn):
    arn = machine(sfn, {"StartAt": "Plain", "States": {
        "Plain": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:double", "Next": "Invoke"},
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "double", "Payload.$": "$"}, "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"n": 5}))
    assert d["status"] == "SUCCEEDED", d
    output = json.loads(d["output"])
    assert output["Payload"] == {"n": 20}
    assert output["StatusCode"] == 200


@pytest.mark.skipif(not CONFIGURED, reason="needs the server started with tests/compat/sluice-test.yaml")
def test_function_errors_are_matched_by_retry_and_catch(sfn):
    arn = machine(sfn, {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:double", "End": True,
                 "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1, "IntervalSeconds": 1}],
                 "Catch": [{"ErrorEquals": ["Flaky"], "Next": "Caught"}, {"ErrorEquals": ["Lambda.Unknown"], "Next": "Crashed"}]},
        "Caught": {"Type": "Pass", "Result": "caught", "End": True},
        "Crashed": {"Type": "Pass", "Result": "crashed", "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"fail": "Flaky"}))
    assert json.loads(d["output"]) == "caught"
    d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"exit": 3}))
    assert json.loads(d["output"]) == "crashed"


@pytest.mark.skipif(not CONFIGURED, reason="needs the server started with tests/compat/sluice-test.yaml")
def test_config_function_by_url(sfn):
    """A `url:` function: the input is POSTed as JSON, the response body is the result, and a
    non-2xx answer fails the Task with Lambda.Unknown."""
    import http.server

    class Triple(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if event.get("fail"):
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"broken on purpose")
                return
            body = json.dumps({"n": event["n"] * 3, "path": self.path}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    try:
        server = http.server.HTTPServer(("127.0.0.1", 9398), Triple)
    except OSError:
        pytest.skip("port 9398 is taken")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        arn = machine(sfn, {"StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:triple-url", "End": True}}},
            kind="EXPRESS")
        d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"n": 4}))
        assert d["status"] == "SUCCEEDED", d
        assert json.loads(d["output"]) == {"n": 12, "path": "/triple"}
        d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"fail": True}))
        assert d["status"] == "FAILED" and d["error"] == "Lambda.Unknown"
        assert "500" in d["cause"]
    finally:
        server.shutdown()


@pytest.mark.skipif(not CONFIGURED, reason="needs the server started with tests/compat/sluice-test.yaml")
@pytest.mark.parametrize("function, check", [
    ("ignore-input", lambda output, payload: output == {"ignored": True}),
    ("echo", lambda output, payload: output == payload),
])
def test_functions_with_large_payloads_neither_stall_nor_crash(sfn, function, check):
    payload = {"blob": "x" * 200_000}
    arn = machine(sfn, {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": f"arn:aws:lambda:us-east-1:000000000000:function:{function}", "End": True}}},
        kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps(payload))
    assert d["status"] == "SUCCEEDED", d.get("cause")
    assert check(json.loads(d["output"]), payload)


@pytest.mark.skipif(not CONFIGURED, reason="needs the server started with tests/compat/sluice-test.yaml")
def test_unreachable_function_url_is_a_catchable_lambda_error(sfn):
    arn = machine(sfn, {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:unreachable", "End": True,
                 "Catch": [{"ErrorEquals": ["Lambda.ServiceException"], "ResultPath": "$.error", "Next": "Caught"}]},
        "Caught": {"Type": "Pass", "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=arn, input="{}")
    assert d["status"] == "SUCCEEDED", d
    assert json.loads(d["output"])["error"]["Error"] == "Lambda.ServiceException"


def test_out_of_range_numbers_from_input_fail_the_state_not_the_server(sfn, queue_factory):
    queue = queue_factory("sfn-range")
    send = machine(sfn, {"StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": queue, "MessageBody": "x", "DelaySeconds.$": "$.d"}, "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=send, input=json.dumps({"d": 1e19}))
    assert d["status"] == "FAILED" and d["error"] == "States.Runtime", d
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    timed = machine(sfn, {"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": activity, "TimeoutSecondsPath": "$.t", "End": True}}}, kind="EXPRESS")
    d = sfn.start_sync_execution(stateMachineArn=timed, input=json.dumps({"t": 9223372036854775807}))
    assert d["status"] == "FAILED" and d["error"] == "States.Runtime", d
    assert sfn.list_state_machines()["stateMachines"] is not None  # the server is still up


def test_task_timeout_seconds_fails_with_states_timeout(sfn):
    activity = sfn.create_activity(name=unique_name("slow"))["activityArn"]
    arn = machine(sfn, {"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": activity, "TimeoutSeconds": 1, "End": True}}})
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    d = finish(sfn, run, timeout=10)
    assert d["status"] == "FAILED" and d["error"] == "States.Timeout"
    assert "ActivityTimedOut" in history_types(sfn, run)


def test_start_execution_on_express_runs_asynchronously(sfn, sqs, queue_factory):
    """StartExecution on an EXPRESS machine answers at once with an express ARN; the execution
    runs in the background (here it sends a message after a 1 s Wait)."""
    queue = queue_factory("sfn-express-async")
    arn = machine(sfn, {"StartAt": "Sleep", "States": {
        "Sleep": {"Type": "Wait", "Seconds": 1, "Next": "Send"},
        "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": queue, "MessageBody.$": "$.text"}, "End": True}}}, kind="EXPRESS")
    started = time.time()
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"text": "from express"}))["executionArn"]
    assert time.time() - started < 0.9, "StartExecution must not wait for the execution"
    assert ":express:" in execution
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []
    messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=10).get("Messages", [])
    assert [m["Body"] for m in messages] == ["from express"]
