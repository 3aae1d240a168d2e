"""Step Functions error responses over AWS JSON 1.0: the wire format, malformed and unknown requests, parameter
validation, and the exact error texts and redriveStatusReason strings AWS returns. None may be a 500.

Sources: API-REF (AWS Step Functions API Reference) and LS-SNAP (responses LocalStack recorded against real
AWS in tests marked `aws.validated`, localstack/localstack tests/aws/services/stepfunctions/v2/)."""
import json
import uuid

import pytest
from botocore.exceptions import ClientError

from sfn_helpers import (
    ROLE_ARN,
    assert_sfn_error,
    fail_machine,
    pass_machine,
    raw_sfn,
    wait_for_status,
    wait_machine,
)


def uname(prefix="sfn-err"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _client_error_json(resp):
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
    assert resp.headers.get("x-amzn-RequestId"), resp.headers
    body = resp.json()
    assert isinstance(body.get("__type"), str) and body["__type"], body
    return body


# --- wire format -----------------------------------------------------------------------------------

def test_error_wire_format(sm_factory):
    """AWS JSON 1.0 errors: HTTP 400, a JSON body with __type naming the error shape and message, and a
    request id header."""
    arn = sm_factory(pass_machine())
    missing = arn.rsplit(":", 1)[0] + ":" + uname("gone")
    resp = raw_sfn("AWSStepFunctions.DescribeStateMachine", {"stateMachineArn": missing})
    assert resp.status_code == 400, resp.text
    assert resp.headers.get("Content-Type", "").startswith("application/x-amz-json-1.0"), resp.headers
    body = _client_error_json(resp)
    assert body["__type"].split("#")[-1] == "StateMachineDoesNotExist", body
    assert missing in body.get("message", ""), body


def test_success_wire_format(sm_factory):
    arn = sm_factory(pass_machine())
    resp = raw_sfn("AWSStepFunctions.DescribeStateMachine", {"stateMachineArn": arn})
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("x-amzn-RequestId")
    body = resp.json()
    assert body["stateMachineArn"] == arn
    assert isinstance(body["creationDate"], (int, float)), body  # epoch seconds in JSON 1.0


# --- malformed and unknown requests ------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["{not json", "[1, 2, 3]", '"a string"', "\x00\x01binary", '{"stateMachineArn": '],
                         ids=["garbage", "array", "string", "binary", "truncated"])
def test_malformed_json_body(raw):
    resp = raw_sfn("AWSStepFunctions.DescribeStateMachine", raw)
    assert resp.status_code == 400, (resp.status_code, resp.text)
    _client_error_json(resp)


def test_unknown_action():
    resp = raw_sfn("AWSStepFunctions.DoSomethingElse", {})
    assert resp.status_code == 400, (resp.status_code, resp.text)
    _client_error_json(resp)


def test_missing_required_member():
    """API-REF Common Errors: ValidationException for input that does not satisfy the constraints (a required
    member missing)."""
    resp = raw_sfn("AWSStepFunctions.DescribeStateMachine", {})
    assert resp.status_code == 400, resp.text
    body = _client_error_json(resp)
    assert body["__type"].split("#")[-1] == "ValidationException", body


def test_wrong_member_type(sm_factory):
    arn = sm_factory(pass_machine())
    resp = raw_sfn("AWSStepFunctions.ListExecutions", {"stateMachineArn": arn, "maxResults": "ten"})
    assert resp.status_code == 400, resp.text
    _client_error_json(resp)


def test_empty_body_is_not_a_server_error():
    resp = raw_sfn("AWSStepFunctions.ListStateMachines", "")
    assert resp.status_code in (200, 400), (resp.status_code, resp.text)
    if resp.status_code == 200:
        assert "stateMachines" in resp.json()


# --- parameter validation (LS-SNAP texts) -------------------------------------------------------------

def test_max_results_over_1000(sfn, sm_factory):
    """LS-SNAP test_list_sms_pagination / test_list_executions_pagination."""
    msg = ("1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
           "Member must have value less than or equal to 1000")
    with pytest.raises(ClientError) as e:
        sfn.list_state_machines(maxResults=1001)
    assert_sfn_error(e, "ValidationException", message=msg)
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn, maxResults=1001)
    assert_sfn_error(e, "ValidationException", message=msg)


def test_invalid_status_filter(sfn, sm_factory):
    """LS-SNAP test_state_machine_status_filter: an unknown statusFilter is a ValidationException."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn, statusFilter="succeeded")
    assert_sfn_error(e, "ValidationException", message_contains=["'succeeded'", "'statusFilter'"])


def test_invalid_status_filter_message(sfn, sm_factory):
    """LS-SNAP test_state_machine_status_filter: the exact AWS text."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn, statusFilter="succeeded")
    assert_sfn_error(e, "ValidationException", message=(
        "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"))


def test_list_executions_long_next_token(sfn, sm_factory):
    """LS-SNAP test_list_executions_pagination: nextToken longer than 3096 characters."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn, nextToken="x" * 3097)
    assert_sfn_error(e, "ValidationException", message_contains="Member must have length less than or equal to 3096")


def test_list_state_machines_long_next_token(sfn):
    """LS-SNAP test_list_sms_pagination: nextToken longer than 1024 characters."""
    with pytest.raises(ClientError) as e:
        sfn.list_state_machines(nextToken="x" * 1025)
    assert_sfn_error(e, "ValidationException", message_contains="Member must have length less than or equal to 1024")


# --- exact error texts recorded from AWS (LS-SNAP) ------------------------------------------------------

def test_state_machine_already_exists_message(sfn, sm_factory):
    """LS-SNAP test_create_duplicate_sm_name: "State Machine Already Exists: '<arn>'"."""
    name = uname("dup")
    arn = sm_factory(pass_machine(), name=name)
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=name, definition=pass_machine({"other": 1}), roleArn=ROLE_ARN)
    assert_sfn_error(e, "StateMachineAlreadyExists", message=f"State Machine Already Exists: '{arn}'")


def test_state_machine_does_not_exist_message(sfn, sm_factory):
    """LS-SNAP test_invalid_start_execution_arn / test_describe_nonexistent_sm."""
    arn = sm_factory(pass_machine()).rsplit(":", 1)[0] + ":" + uname("missing")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineDoesNotExist", message=f"State Machine Does Not Exist: '{arn}'")
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineDoesNotExist", message=f"State Machine Does Not Exist: '{arn}'")


def test_execution_does_not_exist_message(sfn, sm_factory):
    """LS-SNAP test_describe_execution_no_such_state_machine: "Execution Does Not Exist: '<arn>'"."""
    sm = sm_factory(pass_machine())
    ex = sm.replace(":stateMachine:", ":execution:") + ":" + uname("nope")
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn=ex)
    assert_sfn_error(e, "ExecutionDoesNotExist", message=f"Execution Does Not Exist: '{ex}'")


def test_invalid_arn_message(sfn):
    """LS-SNAP test_describe_invalid_arn_sm: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"."""
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn="not_a_valid_arn")
    assert_sfn_error(e, "InvalidArn", message="Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'")


def test_state_machine_type_not_supported_message(sfn, sm_factory):
    """LS-SNAP test_start_sync_execution: "This operation is not supported by this type of state machine"."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.start_sync_execution(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineTypeNotSupported", message="This operation is not supported by this type of state machine")


def test_missing_required_parameter_message(sfn, sm_factory):
    """LS-SNAP test_create_update_state_machine_base_update_none."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn)
    assert e.value.response["Error"]["Message"] == (
        "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")


def test_invalid_execution_input_message(sfn, sm_factory):
    """LS-SNAP test_invalid_start_execution_input: an empty input is
    "Invalid State Machine Execution Input: 'Invalid execution input.'"; other bad input starts
    "Invalid State Machine Execution Input: '"."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, input="")
    assert_sfn_error(e, "InvalidExecutionInput", message="Invalid State Machine Execution Input: 'Invalid execution input.'")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, input="not some json")
    assert_sfn_error(e, "InvalidExecutionInput", message_contains="Invalid State Machine Execution Input: '")


def test_invalid_definition_message_for_missing_states(sfn):
    """LS-SNAP test_create_delete_invalid_sm: the InvalidDefinition message carries the validator's code, problem
    and location: 'Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required:
    [States] at /''."""
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=uname("bad"), definition=json.dumps({"StartAt": "State_1"}), roleArn=ROLE_ARN)
    assert_sfn_error(e, "InvalidDefinition", message_contains=[
        "Invalid State Machine Definition: '", "SCHEMA_VALIDATION_FAILED", "These fields are required: [States]"])


def _express_execution(sfn, sm_factory):
    arn = sm_factory(pass_machine(), type="EXPRESS")
    ex = sfn.start_sync_execution(stateMachineArn=arn)["executionArn"]
    assert ":express:" in ex
    return ex


def test_express_execution_arn_rejected_by_standard_only_actions(sfn, sm_factory):
    """API-REF DescribeExecution: executions of an EXPRESS state machine aren't supported (unless a Map Run
    dispatched them); StopExecution / GetExecutionHistory are not supported by EXPRESS state machines.
    LS-SNAP test_start_async_describe_history_execution: InvalidArn for all three."""
    ex = _express_execution(sfn, sm_factory)
    for call in (lambda: sfn.describe_execution(executionArn=ex),
                 lambda: sfn.stop_execution(executionArn=ex),
                 lambda: sfn.get_execution_history(executionArn=ex)):
        with pytest.raises(ClientError) as e:
            call()
        assert_sfn_error(e, "InvalidArn")


def test_express_execution_arn_message(sfn, sm_factory):
    """LS-SNAP test_start_async_describe_history_execution: "Invalid Arn: 'Resource type not valid in this
    context: express'"."""
    ex = _express_execution(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn=ex)
    assert e.value.response["Error"]["Message"] == "Invalid Arn: 'Resource type not valid in this context: express'"


# --- redriveStatusReason (API-REF DescribeExecution lists the strings) -----------------------------------

def test_redrive_status_reason_succeeded(sfn, sm_factory):
    """API-REF DescribeExecution redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven'
    (also LS-SNAP test_describe_execution)."""
    arn = sm_factory(pass_machine())
    desc = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"], "SUCCEEDED")
    assert desc["redriveStatus"] == "NOT_REDRIVABLE"
    assert desc["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"


def test_redrive_status_reason_running(sfn, sm_factory):
    """API-REF DescribeExecution redriveStatusReason: 'Execution is RUNNING and cannot be redriven'."""
    arn = sm_factory(wait_machine(2))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    try:
        desc = sfn.describe_execution(executionArn=ex)
        assert desc["redriveStatus"] == "NOT_REDRIVABLE"
        assert desc["redriveStatusReason"] == "Execution is RUNNING and cannot be redriven"
    finally:
        sfn.stop_execution(executionArn=ex)


def test_redrivable_execution_has_no_reason(sfn, sm_factory):
    """API-REF DescribeExecution: redriveStatusReason is given 'When redriveStatus is NOT_REDRIVABLE'."""
    arn = sm_factory(fail_machine())
    desc = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"], "FAILED")
    assert desc["redriveStatus"] == "REDRIVABLE"
    assert "redriveStatusReason" not in desc
