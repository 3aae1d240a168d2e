"""AWS Step Functions API through boto3: state machines, executions, StartSyncExecution, stop, redrive,
execution history and tags.

Expected behaviour is AWS's. Sources, cited per test:
- API-REF: AWS Step Functions API Reference (the page of the action named in the test).
- DG: AWS Step Functions Developer Guide (redrive-executions.html, input-output-contextobject.html,
  concepts-read-consistency.html).
- LS-SNAP: responses LocalStack recorded against real AWS in tests marked `aws.validated`
  (localstack/localstack tests/aws/services/stepfunctions/v2/*.snapshot.json).
Where AWS documents nothing, the tests assert only what is certain.
"""
import json
import re
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from sfn_helpers import (
    OTHER_ROLE_ARN,
    ROLE_ARN,
    TERMINAL,
    assert_sfn_error,
    definition,
    event_types,
    exec_arn_re,
    express_exec_arn_re,
    fail_machine,
    full_history,
    pass_machine,
    sm_arn_re,
    wait_for_status,
    wait_machine,
    wait_until,
)


def uname(prefix="sfn"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def missing_sm_arn(sfn, sm_factory):
    """A well-formed ARN of a state machine that does not exist (same account and region as a real one)."""
    real = sm_factory(pass_machine())
    return real.rsplit(":", 1)[0] + ":" + uname("missing")


def terminal_events(events):
    return [e for e in events if e["type"] in ("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted")]


def wait_for_terminal_events(sfn, execution_arn, count, timeout=10.0):
    """After a redrive: poll the history until it holds `count` execution-closing events, then describe."""
    deadline = time.monotonic() + timeout
    while True:
        events = full_history(sfn, execution_arn)
        if len(terminal_events(events)) >= count:
            desc = sfn.describe_execution(executionArn=execution_arn)
            if desc["status"] in TERMINAL:
                return desc, events
        if time.monotonic() >= deadline:
            raise AssertionError(f"history never reached {count} closing events: {event_types(events)}")
        time.sleep(0.1)


# =============================================================================================
# CreateStateMachine / DescribeStateMachine
# =============================================================================================

def test_create_and_describe_standard_state_machine(sfn, sm_factory):
    """API-REF CreateStateMachine/DescribeStateMachine; LS-SNAP test_create_exact_duplicate_sm (describe shape)."""
    name = uname("create")
    defn = pass_machine()
    resp = sfn.create_state_machine(name=name, definition=defn, roleArn=ROLE_ARN)
    sm_factory.arns.append(resp["stateMachineArn"])
    assert re.fullmatch(sm_arn_re(name), resp["stateMachineArn"]), resp
    assert resp["creationDate"] is not None

    desc = sfn.describe_state_machine(stateMachineArn=resp["stateMachineArn"])
    assert desc["stateMachineArn"] == resp["stateMachineArn"]
    assert desc["name"] == name
    assert desc["status"] == "ACTIVE"
    assert desc["definition"] == defn
    assert desc["roleArn"] == ROLE_ARN
    assert desc["type"] == "STANDARD"
    assert desc["creationDate"] == resp["creationDate"]
    assert desc["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert desc["tracingConfiguration"] == {"enabled": False}


def test_create_express_state_machine(sfn, sm_factory):
    arn = sm_factory(pass_machine(), type="EXPRESS")
    desc = sfn.describe_state_machine(stateMachineArn=arn)
    assert desc["type"] == "EXPRESS"
    assert desc["status"] == "ACTIVE"


def test_create_is_idempotent_with_identical_arguments(sfn, sm_factory):
    """API-REF CreateStateMachine: idempotent on name, definition, type, logging and tracing configuration."""
    name = uname("idem")
    defn = pass_machine()
    first = sfn.create_state_machine(name=name, definition=defn, roleArn=ROLE_ARN, type="STANDARD")
    sm_factory.arns.append(first["stateMachineArn"])
    second = sfn.create_state_machine(name=name, definition=defn, roleArn=ROLE_ARN, type="STANDARD")
    assert second["stateMachineArn"] == first["stateMachineArn"]
    desc = sfn.describe_state_machine(stateMachineArn=first["stateMachineArn"])
    assert desc["creationDate"] == first["creationDate"]
    assert desc["definition"] == defn


def test_create_repeat_with_different_role_is_idempotent(sfn, sm_factory):
    """API-REF CreateStateMachine: 'If a following request has a different roleArn or tags, Step Functions will
    ignore these differences and treat it as an idempotent request of the previous. In this case, roleArn and
    tags will not be updated, even if they are different.'"""
    name = uname("idem-role")
    defn = pass_machine()
    arn = sm_factory(defn, name=name)
    again = sfn.create_state_machine(name=name, definition=defn, roleArn=OTHER_ROLE_ARN)
    assert again["stateMachineArn"] == arn
    assert sfn.describe_state_machine(stateMachineArn=arn)["roleArn"] == ROLE_ARN


def test_create_repeat_with_different_tags_is_idempotent(sfn, sm_factory):
    """API-REF CreateStateMachine (as above): different tags on a repeat are ignored and not applied."""
    name = uname("idem-tags")
    defn = pass_machine()
    arn = sm_factory(defn, name=name, tags=[{"key": "team", "value": "a"}])
    again = sfn.create_state_machine(name=name, definition=defn, roleArn=ROLE_ARN,
                                     tags=[{"key": "team", "value": "b"}, {"key": "extra", "value": "x"}])
    assert again["stateMachineArn"] == arn
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "a"}]


@pytest.mark.parametrize("change", ["definition", "reformatted_definition", "type"])
def test_create_same_name_different_configuration(sfn, sm_factory, change):
    """API-REF CreateStateMachine (idempotency check covers definition and type); LS-SNAP
    test_create_duplicate_sm_name and test_create_duplicate_definition_format_sm (the same definition
    re-indented is a different definition): StateMachineAlreadyExists, HTTP 400."""
    name = uname("dup")
    doc = {"StartAt": "State_1", "States": {"State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}}
    sm_factory(json.dumps(doc), name=name)
    kwargs = {"name": name, "definition": json.dumps(doc), "roleArn": ROLE_ARN}
    if change == "definition":
        doc["States"]["State_1"]["Result"]["Arg2"] = "Argument2"
        kwargs["definition"] = json.dumps(doc)
    elif change == "reformatted_definition":
        kwargs["definition"] = json.dumps(doc, indent=4)
    else:
        kwargs["type"] = "EXPRESS"
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(**kwargs)
    assert_sfn_error(e, "StateMachineAlreadyExists")


@pytest.mark.parametrize(
    "defn, mentions",
    [
        ("{not json", None),
        (json.dumps({"StartAt": "A"}), "States"),
        (json.dumps({"States": {"A": {"Type": "Pass", "End": True}}}), "StartAt"),
        (json.dumps({"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": True}}}), "Nowhere"),
        (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}), "Missing"),
        (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Teleport", "End": True}}}), None),
        (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass"}}}), None),
    ],
    ids=["not-json", "no-States", "no-StartAt", "StartAt-unknown", "Next-unknown", "unknown-type", "no-End-or-Next"],
)
def test_create_invalid_definition(sfn, defn, mentions):
    """API-REF CreateStateMachine: InvalidDefinition (HTTP 400). LS-SNAP test_create_delete_invalid_sm: the message
    starts 'Invalid State Machine Definition: ' and names the problem (e.g. 'These fields are required: [States]')."""
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=uname("bad-def"), definition=defn, roleArn=ROLE_ARN)
    error = assert_sfn_error(e, "InvalidDefinition", message_contains="Invalid State Machine Definition")
    if mentions:
        assert mentions in error["Message"], error


@pytest.mark.parametrize("name", ["has space", "slash/name", "brace{", "star*", "colon:name", "x" * 81],
                         ids=["space", "slash", "brace", "wildcard", "colon", "too-long"])
def test_create_invalid_name(sfn, name):
    """API-REF CreateStateMachine: name 1-80 characters, no whitespace, brackets, wildcards or special characters
    -> InvalidName (HTTP 400). For the length limit AWS may answer with the generic ValidationException."""
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=name, definition=pass_machine(), roleArn=ROLE_ARN)
    code = e.value.response["Error"]["Code"]
    allowed = {"InvalidName", "ValidationException"} if len(name) > 80 else {"InvalidName"}
    assert code in allowed, e.value.response
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("role", ["not-an-arn", "role/sluice-test"], ids=["garbage", "no-arn-prefix"])
def test_create_invalid_role_arn(sfn, role):
    """API-REF CreateStateMachine: InvalidArn, HTTP 400."""
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=uname("bad-role"), definition=pass_machine(), roleArn=role)
    assert_sfn_error(e, "InvalidArn")


def test_describe_missing_state_machine(sfn, sm_factory):
    """API-REF DescribeStateMachine: StateMachineDoesNotExist; LS-SNAP test_describe_nonexistent_sm."""
    arn = missing_sm_arn(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineDoesNotExist", message_contains=arn)


def test_describe_invalid_arn(sfn):
    """LS-SNAP test_describe_invalid_arn_sm: InvalidArn."""
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn="not_a_valid_arn")
    assert_sfn_error(e, "InvalidArn")


# =============================================================================================
# ListStateMachines
# =============================================================================================

def test_list_state_machines_pages_with_max_results(sfn, sm_factory):
    """API-REF ListStateMachines: maxResults is an upper limit per page; nextToken leads to the next page."""
    prefix = uname("list")
    mine = {sm_factory(pass_machine(), name=f"{prefix}-{i}") for i in range(5)}
    seen = []
    token = None
    pages = 0
    while True:
        kwargs = {"maxResults": 2}
        if token:
            kwargs["nextToken"] = token
        page = sfn.list_state_machines(**kwargs)
        pages += 1
        assert len(page["stateMachines"]) <= 2, page
        seen.extend(page["stateMachines"])
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 1000
    assert pages >= 3
    arns = [sm["stateMachineArn"] for sm in seen]
    assert len(arns) == len(set(arns)), "a state machine was listed twice"
    assert mine <= set(arns)
    for sm in seen:
        if sm["stateMachineArn"] in mine:
            assert sm["name"].startswith(prefix)
            assert sm["type"] == "STANDARD"
            assert sm["creationDate"] is not None


def test_list_state_machines_shows_type(sfn, sm_factory):
    arn = sm_factory(pass_machine(), type="EXPRESS")
    listed = {}
    for page in sfn.get_paginator("list_state_machines").paginate():
        listed.update({sm["stateMachineArn"]: sm for sm in page["stateMachines"]})
    assert listed[arn]["type"] == "EXPRESS"


def test_list_state_machines_invalid_token(sfn):
    """API-REF ListStateMachines: InvalidToken for a token it did not issue (HTTP 400)."""
    with pytest.raises(ClientError) as e:
        sfn.list_state_machines(nextToken="this-is-not-a-token")
    assert_sfn_error(e, "InvalidToken")


# =============================================================================================
# UpdateStateMachine / DescribeStateMachineForExecution / DeleteStateMachine
# =============================================================================================

def test_update_definition_applies_to_new_executions_only(sfn, sm_factory):
    """API-REF UpdateStateMachine: 'Running executions will continue to use the previous definition and roleArn.'
    API-REF DescribeStateMachineForExecution: the definition the execution ran with. LS-SNAP
    test_create_update_state_machine_base_definition: updateDate and a new revisionId."""
    old = wait_machine(1, then_result={"version": 1})
    new = wait_machine(1, then_result={"version": 2})
    arn = sm_factory(old)
    before = sfn.describe_state_machine(stateMachineArn=arn)
    first = sfn.start_execution(stateMachineArn=arn)["executionArn"]

    upd = sfn.update_state_machine(stateMachineArn=arn, definition=new)
    assert upd["updateDate"] is not None
    after = sfn.describe_state_machine(stateMachineArn=arn)
    assert after["definition"] == new
    assert after["roleArn"] == ROLE_ARN
    if before.get("revisionId") is not None:
        assert after.get("revisionId") not in (None, before["revisionId"])
    second = sfn.start_execution(stateMachineArn=arn)["executionArn"]

    d1 = wait_for_status(sfn, first, "SUCCEEDED")
    d2 = wait_for_status(sfn, second, "SUCCEEDED")
    assert json.loads(d1["output"]) == {"version": 1}
    assert json.loads(d2["output"]) == {"version": 2}

    f1 = sfn.describe_state_machine_for_execution(executionArn=first)
    f2 = sfn.describe_state_machine_for_execution(executionArn=second)
    assert f1["definition"] == old
    assert f2["definition"] == new
    for f in (f1, f2):
        assert f["stateMachineArn"] == arn
        assert f["name"] == arn.rsplit(":", 1)[1]
        assert f["roleArn"] == ROLE_ARN
        assert f["updateDate"] is not None


def test_update_role_only_keeps_definition(sfn, sm_factory):
    """LS-SNAP test_create_update_state_machine_base_role_arn."""
    defn = pass_machine()
    arn = sm_factory(defn)
    sfn.update_state_machine(stateMachineArn=arn, roleArn=OTHER_ROLE_ARN)
    desc = sfn.describe_state_machine(stateMachineArn=arn)
    assert desc["roleArn"] == OTHER_ROLE_ARN
    assert desc["definition"] == defn


def test_update_without_definition_or_role(sfn, sm_factory):
    """API-REF UpdateStateMachine: 'You must include at least one of definition or roleArn or you will receive a
    MissingRequiredParameter error.' (LS-SNAP test_create_update_state_machine_base_update_none)."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn)
    assert_sfn_error(e, "MissingRequiredParameter")


def test_update_invalid_definition_keeps_old_one(sfn, sm_factory):
    """API-REF UpdateStateMachine: InvalidDefinition."""
    defn = pass_machine()
    arn = sm_factory(defn)
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps({"StartAt": "A"}))
    assert_sfn_error(e, "InvalidDefinition")
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == defn


def test_update_missing_state_machine(sfn, sm_factory):
    """API-REF UpdateStateMachine: StateMachineDoesNotExist."""
    arn = missing_sm_arn(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn, definition=pass_machine())
    assert_sfn_error(e, "StateMachineDoesNotExist")


def test_describe_state_machine_for_missing_execution(sfn, sm_factory):
    """API-REF DescribeStateMachineForExecution: ExecutionDoesNotExist."""
    sm = sm_factory(pass_machine())
    exec_arn = sm.replace(":stateMachine:", ":execution:") + ":" + uname("nope")
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine_for_execution(executionArn=exec_arn)
    assert_sfn_error(e, "ExecutionDoesNotExist")


def test_delete_state_machine(sfn, sm_factory):
    """API-REF DeleteStateMachine: asynchronous; the status goes to DELETING, then the state machine is gone
    (StateMachineDoesNotExist, not listed; LS-SNAP test_list_sms). New executions are refused."""
    arn = sm_factory(pass_machine())
    sfn.delete_state_machine(stateMachineArn=arn)

    def gone():
        try:
            desc = sfn.describe_state_machine(stateMachineArn=arn)
        except ClientError as err:
            assert_sfn_error(err, "StateMachineDoesNotExist")
            return True
        assert desc["status"] == "DELETING", desc
        return False

    assert wait_until(gone, timeout=5), "state machine still there 5 s after DeleteStateMachine"
    listed = [sm["stateMachineArn"] for page in sfn.get_paginator("list_state_machines").paginate()
              for sm in page["stateMachines"]]
    assert arn not in listed
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn)
    assert e.value.response["Error"]["Code"] in ("StateMachineDoesNotExist", "StateMachineDeleting"), e.value.response


def test_delete_missing_state_machine_succeeds(sfn, sm_factory):
    """LS-SNAP test_delete_nonexistent_sm: deleting a well-formed ARN that names nothing returns HTTP 200."""
    arn = missing_sm_arn(sfn, sm_factory)
    resp = sfn.delete_state_machine(stateMachineArn=arn)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_recreate_after_delete(sfn, sm_factory):
    """After deletion completes, the name is free again and a new definition is accepted."""
    name = uname("recreate")
    arn = sm_factory(pass_machine({"v": 1}), name=name)
    sfn.delete_state_machine(stateMachineArn=arn)

    def recreated():
        try:
            return sfn.create_state_machine(name=name, definition=pass_machine({"v": 2}), roleArn=ROLE_ARN)
        except ClientError as err:
            if err.response["Error"]["Code"] in ("StateMachineAlreadyExists", "StateMachineDeleting"):
                return None
            raise

    resp = wait_until(recreated, timeout=5)
    assert resp, "could not re-create the state machine within 5 s of deleting it"
    assert resp["stateMachineArn"] == arn
    assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == json.loads(pass_machine({"v": 2}))


# =============================================================================================
# ValidateStateMachineDefinition
# =============================================================================================

def test_validate_valid_definition(sfn):
    """API-REF ValidateStateMachineDefinition; LS-SNAP test_validate_state_machine_definition_type_standard[VALID_BASE_PASS]."""
    for sm_type in ("STANDARD", "EXPRESS"):
        resp = sfn.validate_state_machine_definition(definition=pass_machine(), type=sm_type)
        assert resp["result"] == "OK", resp
        assert resp["diagnostics"] == []
        assert resp["truncated"] is False


@pytest.mark.parametrize(
    "defn, code, location",
    [
        ("not a definition", "INVALID_JSON_DESCRIPTION", None),
        (json.dumps({"States": {"A": {"Type": "Pass", "End": True}}}), "SCHEMA_VALIDATION_FAILED", "/"),
        (json.dumps({}), "SCHEMA_VALIDATION_FAILED", "/"),
    ],
    ids=["not-json", "no-StartAt", "empty-object"],
)
def test_validate_invalid_definition(sfn, defn, code, location):
    """API-REF ValidateStateMachineDefinitionDiagnostic (INVALID_JSON_DESCRIPTION: JSON syntax problem;
    SCHEMA_VALIDATION_FAILED: schema validation reported errors); LS-SNAP test_sfn_api_validation: result FAIL,
    severity ERROR, location '/' for a missing top-level field. Problems are reported, not raised."""
    resp = sfn.validate_state_machine_definition(definition=defn)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["result"] == "FAIL", resp
    assert resp["diagnostics"], resp
    diag = resp["diagnostics"][0]
    assert diag["severity"] == "ERROR"
    assert diag["code"] == code, resp
    assert diag["message"]
    if location is not None:
        assert diag.get("location") == location, resp


def test_validate_reports_bad_transition_with_location(sfn):
    """API-REF ValidateStateMachineDefinitionDiagnostic: each diagnostic has a code, a message and, if available,
    the location of the issue. A Next naming no state is an ERROR that points into the offending state."""
    defn = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}})
    resp = sfn.validate_state_machine_definition(definition=defn)
    assert resp["result"] == "FAIL", resp
    errors = [d for d in resp["diagnostics"] if d["severity"] == "ERROR"]
    assert errors, resp
    assert any("Missing" in d["message"] or "/States/A" in (d.get("location") or "") for d in errors), resp
    assert all(d["code"] and d["message"] for d in errors)


def test_validate_then_create_agree(sfn):
    """A definition that validation calls FAIL is refused by CreateStateMachine with InvalidDefinition."""
    defn = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}})
    assert sfn.validate_state_machine_definition(definition=defn)["result"] == "FAIL"
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=uname("agree"), definition=defn, roleArn=ROLE_ARN)
    assert_sfn_error(e, "InvalidDefinition")


# =============================================================================================
# StartExecution / DescribeExecution
# =============================================================================================

def test_start_and_describe_succeeded_execution(sfn, sm_factory):
    """API-REF StartExecution / DescribeExecution; LS-SNAP test_describe_execution (redriveCount 0,
    redriveStatus NOT_REDRIVABLE for a SUCCEEDED execution)."""
    sm_name = uname("exec")
    arn = sm_factory(pass_machine(), name=sm_name)
    exec_name = uname("run")
    resp = sfn.start_execution(stateMachineArn=arn, name=exec_name, input=json.dumps({"hello": "world"}))
    assert re.fullmatch(exec_arn_re(sm_name, exec_name), resp["executionArn"]), resp
    assert resp["startDate"] is not None

    desc = wait_for_status(sfn, resp["executionArn"])
    assert desc["status"] == "SUCCEEDED"
    assert desc["executionArn"] == resp["executionArn"]
    assert desc["stateMachineArn"] == arn
    assert desc["name"] == exec_name
    assert json.loads(desc["input"]) == {"hello": "world"}
    assert json.loads(desc["output"]) == {"Arg1": "argument1"}
    assert desc["startDate"] == resp["startDate"]
    assert desc["stopDate"] >= desc["startDate"]
    assert desc["redriveCount"] == 0
    assert desc["redriveStatus"] == "NOT_REDRIVABLE"
    assert "error" not in desc and "cause" not in desc


def test_start_execution_generates_unique_names(sfn, sm_factory):
    """API-REF StartExecution: name is optional; without one, each execution gets its own (unique) name."""
    arn = sm_factory(pass_machine())
    a = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    b = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert a != b
    for ex in (a, b):
        desc = wait_for_status(sfn, ex)
        assert desc["name"] and ex.endswith(":" + desc["name"])


def test_start_execution_without_input_uses_empty_object(sfn, sm_factory):
    """API-REF StartExecution: 'If you don't include any JSON input data, you still must include the two braces'
    -- an omitted input is {} (LS-SNAP test_get_execution_history_reversed: ExecutionStarted input {})."""
    arn = sm_factory(definition({"Echo": {"Type": "Pass", "End": True}}))
    desc = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])
    assert json.loads(desc["input"]) == {}
    assert json.loads(desc["output"]) == {}


def test_start_execution_idempotent_while_running(sfn, sm_factory):
    """API-REF StartExecution name: while the original execution is open, the same name and input return
    success (the same execution); a different input returns ExecutionAlreadyExists; once the original is
    closed, ExecutionAlreadyExists is returned regardless of input."""
    arn = sm_factory(wait_machine(2))
    name = uname("idem-run")
    body = json.dumps({"k": "v"})
    first = sfn.start_execution(stateMachineArn=arn, name=name, input=body)
    again = sfn.start_execution(stateMachineArn=arn, name=name, input=body)
    assert again["executionArn"] == first["executionArn"]
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    assert [e["executionArn"] for e in listed] == [first["executionArn"]], "the repeat started a second execution"

    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, name=name, input=json.dumps({"k": "other"}))
    assert_sfn_error(e, "ExecutionAlreadyExists")

    sfn.stop_execution(executionArn=first["executionArn"])
    wait_for_status(sfn, first["executionArn"], "ABORTED")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, name=name, input=body)
    assert_sfn_error(e, "ExecutionAlreadyExists")


def test_start_execution_name_reused_after_success(sfn, sm_factory):
    """API-REF StartExecution: an execution can't use the name of another execution for 90 days."""
    arn = sm_factory(pass_machine())
    name = uname("once")
    ex = sfn.start_execution(stateMachineArn=arn, name=name, input="{}")["executionArn"]
    wait_for_status(sfn, ex, "SUCCEEDED")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, name=name, input="{}")
    assert_sfn_error(e, "ExecutionAlreadyExists")


@pytest.mark.parametrize("bad_input", ["not some json", "{'not': 'json'", "", "{\"a\": 1", "[1, 2"],
                         ids=["bare-words", "single-quotes", "empty", "unclosed-object", "unclosed-array"])
def test_start_execution_invalid_input(sfn, sm_factory, bad_input):
    """API-REF StartExecution: InvalidExecutionInput; LS-SNAP test_invalid_start_execution_input."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, input=bad_input)
    assert_sfn_error(e, "InvalidExecutionInput")
    assert sfn.list_executions(stateMachineArn=arn)["executions"] == []


@pytest.mark.parametrize("good_input, value", [("2", 2), ('"some text"', "some text"), ("null", None), ("[1, 2]", [1, 2])],
                         ids=["number", "string", "null", "array"])
def test_start_execution_accepts_any_json_value(sfn, sm_factory, good_input, value):
    """LS-SNAP test_invalid_start_execution_input: '2', '"some text"' and 'null' are accepted inputs."""
    arn = sm_factory(definition({"Echo": {"Type": "Pass", "End": True}}))
    desc = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn, input=good_input)["executionArn"])
    assert desc["status"] == "SUCCEEDED", desc
    assert json.loads(desc["output"]) == value


@pytest.mark.parametrize("name", ["has space", "a/b", "brackets<>", "q?", "semi;colon", "x" * 81],
                         ids=["space", "slash", "brackets", "wildcard", "special", "too-long"])
def test_start_execution_invalid_name(sfn, sm_factory, name):
    """API-REF StartExecution: name rules (1-80 characters; no whitespace, brackets, wildcards, special
    characters) -> InvalidName. For the length limit AWS may answer with the generic ValidationException."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn, name=name)
    code = e.value.response["Error"]["Code"]
    assert code in ({"InvalidName", "ValidationException"} if len(name) > 80 else {"InvalidName"}), e.value.response
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_start_execution_missing_state_machine(sfn, sm_factory):
    """API-REF StartExecution: StateMachineDoesNotExist; LS-SNAP test_invalid_start_execution_arn."""
    arn = missing_sm_arn(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineDoesNotExist")


def test_start_execution_invalid_arn(sfn):
    """API-REF StartExecution: InvalidArn."""
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn="not-an-arn")
    assert_sfn_error(e, "InvalidArn")


def test_describe_failed_execution(sfn, sm_factory):
    """API-REF DescribeExecution: error and cause of a failed execution; output is set only if it succeeds.
    redriveStatus REDRIVABLE: RedriveExecution would not return ExecutionNotRedrivable."""
    arn = sm_factory(fail_machine("CustomError", "It broke"))
    desc = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])
    assert desc["status"] == "FAILED"
    assert desc["error"] == "CustomError"
    assert desc["cause"] == "It broke"
    assert "output" not in desc
    assert desc["stopDate"] is not None
    assert desc["redriveCount"] == 0
    assert desc["redriveStatus"] == "REDRIVABLE"


def test_describe_running_execution(sfn, sm_factory):
    """API-REF DescribeExecution: no stopDate or output while RUNNING; redriveStatus NOT_REDRIVABLE."""
    arn = sm_factory(wait_machine(2))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    try:
        desc = sfn.describe_execution(executionArn=ex)
        assert desc["status"] == "RUNNING"
        assert "stopDate" not in desc
        assert "output" not in desc
        assert desc["redriveStatus"] == "NOT_REDRIVABLE"
    finally:
        sfn.stop_execution(executionArn=ex)


def test_describe_missing_execution(sfn, sm_factory):
    """API-REF DescribeExecution: ExecutionDoesNotExist; InvalidArn for a malformed ARN (LS-SNAP)."""
    sm = sm_factory(pass_machine())
    exec_arn = sm.replace(":stateMachine:", ":execution:") + ":" + uname("nope")
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn=exec_arn)
    assert_sfn_error(e, "ExecutionDoesNotExist")
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn="invalid_state_machine_arn")
    assert_sfn_error(e, "InvalidArn")


# =============================================================================================
# StartSyncExecution (EXPRESS)
# =============================================================================================

def test_start_sync_execution_succeeds(sfn, sm_factory):
    """API-REF StartSyncExecution; LS-SNAP test_start_sync_execution (express execution ARN
    arn:aws:states:<region>:<account>:express:<sm>:<name>:<id>; input, output, dates, status)."""
    sm_name = uname("sync")
    arn = sm_factory(definition({"Shape": {"Type": "Pass", "Parameters": {"got.$": "$.value"}, "End": True}}),
                     name=sm_name, type="EXPRESS")
    name = uname("sync-run")
    resp = sfn.start_sync_execution(stateMachineArn=arn, name=name, input=json.dumps({"value": 42}))
    assert resp["status"] == "SUCCEEDED", resp
    assert json.loads(resp["output"]) == {"got": 42}
    assert json.loads(resp["input"]) == {"value": 42}
    assert resp["name"] == name
    assert resp["stateMachineArn"] == arn
    assert re.fullmatch(express_exec_arn_re(sm_name, name), resp["executionArn"]), resp["executionArn"]
    assert resp["stopDate"] >= resp["startDate"]
    assert "error" not in resp and "cause" not in resp


def test_start_sync_execution_failure_is_200(sfn, sm_factory):
    """API-REF StartSyncExecution: 'will return a 200 OK response, even if your execution fails'; status FAILED
    with error and cause, no output."""
    arn = sm_factory(fail_machine("SyncError", "sync cause"), type="EXPRESS")
    resp = sfn.start_sync_execution(stateMachineArn=arn, input="{}")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["status"] == "FAILED"
    assert resp["error"] == "SyncError"
    assert resp["cause"] == "sync cause"
    assert "output" not in resp


def test_start_sync_execution_timed_out(sfn, sm_factory):
    """API-REF StartSyncExecution status: SUCCEEDED | FAILED | TIMED_OUT (state machine TimeoutSeconds)."""
    arn = sm_factory(wait_machine(3, TimeoutSeconds=1), type="EXPRESS")
    started = time.monotonic()
    resp = sfn.start_sync_execution(stateMachineArn=arn)
    assert resp["status"] == "TIMED_OUT", resp
    assert time.monotonic() - started < 2.9, "the execution ran to the end of its Wait"
    assert "output" not in resp


def test_start_sync_execution_on_standard(sfn, sm_factory):
    """API-REF StartSyncExecution: not available for STANDARD workflows; LS-SNAP test_start_sync_execution:
    StateMachineTypeNotSupported."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.start_sync_execution(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineTypeNotSupported")


def test_start_sync_execution_invalid_input(sfn, sm_factory):
    """API-REF StartSyncExecution: InvalidExecutionInput."""
    arn = sm_factory(pass_machine(), type="EXPRESS")
    with pytest.raises(ClientError) as e:
        sfn.start_sync_execution(stateMachineArn=arn, input="{nope")
    assert_sfn_error(e, "InvalidExecutionInput")


# =============================================================================================
# ListExecutions
# =============================================================================================

def _routing_machine():
    """input {"mode": "fail"} -> Fail; {"mode": "wait"} -> Wait 2 s; anything else -> succeed."""
    return definition({
        "Route": {"Type": "Choice", "Choices": [
            {"Variable": "$.mode", "StringEquals": "fail", "Next": "Boom"},
            {"Variable": "$.mode", "StringEquals": "wait", "Next": "Nap"},
        ], "Default": "Done"},
        "Boom": {"Type": "Fail", "Error": "Routed", "Cause": "asked to fail"},
        "Nap": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    })


def test_list_executions_newest_first(sfn, sm_factory):
    """API-REF ListExecutions: 'Results are sorted by time, with the most recent execution first.'"""
    arn = sm_factory(pass_machine())
    names = []
    for i in range(4):
        names.append(f"ord-{i}-{uuid.uuid4().hex[:6]}")
        sfn.start_execution(stateMachineArn=arn, name=names[-1])
        time.sleep(0.02)
    for n in names:
        wait_for_status(sfn, arn.replace(":stateMachine:", ":execution:") + ":" + n)
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    assert [e["name"] for e in listed] == list(reversed(names))
    for e in listed:
        assert e["stateMachineArn"] == arn
        assert e["status"] == "SUCCEEDED"
        assert e["startDate"] is not None and e["stopDate"] is not None
        assert e["executionArn"].endswith(":" + e["name"])


def test_list_executions_status_filter(sfn, sm_factory):
    """API-REF ListExecutions statusFilter: only executions whose current status matches; LS-SNAP
    test_state_machine_status_filter."""
    arn = sm_factory(_routing_machine())
    ok = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"mode": "ok"}))["executionArn"]
    bad = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"mode": "fail"}))["executionArn"]
    slow = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"mode": "wait"}))["executionArn"]
    wait_for_status(sfn, ok)
    wait_for_status(sfn, bad)

    def arns(status):
        return [e["executionArn"] for e in sfn.list_executions(stateMachineArn=arn, statusFilter=status)["executions"]]

    assert arns("SUCCEEDED") == [ok]
    assert arns("FAILED") == [bad]
    assert arns("RUNNING") == [slow]
    assert arns("TIMED_OUT") == []
    sfn.stop_execution(executionArn=slow)
    wait_for_status(sfn, slow, "ABORTED")
    assert arns("ABORTED") == [slow]
    assert arns("RUNNING") == []
    assert len(sfn.list_executions(stateMachineArn=arn)["executions"]) == 3


def test_list_executions_paging(sfn, sm_factory):
    """API-REF ListExecutions: maxResults is an upper limit; nextToken continues the newest-first order."""
    arn = sm_factory(pass_machine())
    started = []
    for i in range(5):
        started.append(sfn.start_execution(stateMachineArn=arn, name=f"page-{i}-{uuid.uuid4().hex[:6]}")["executionArn"])
        time.sleep(0.02)
    for ex in started:
        wait_for_status(sfn, ex)
    seen, token, pages = [], None, 0
    while True:
        page = sfn.list_executions(stateMachineArn=arn, maxResults=2, **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["executions"]) <= 2
        seen.extend(e["executionArn"] for e in page["executions"])
        token = page.get("nextToken")
        if not token:
            break
    assert pages >= 3
    assert seen == list(reversed(started))


def test_list_executions_missing_state_machine(sfn, sm_factory):
    """LS-SNAP test_list_execution_no_such_state_machine / test_list_execution_invalid_arn."""
    arn = missing_sm_arn(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineDoesNotExist")
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn="invalid_state_machine_arn")
    assert_sfn_error(e, "InvalidArn")


def test_list_executions_not_supported_for_express(sfn, sm_factory):
    """API-REF ListExecutions: 'This API action is not supported by EXPRESS state machines.' LS-SNAP
    test_start_async_describe_history_execution: StateMachineTypeNotSupported."""
    arn = sm_factory(pass_machine(), type="EXPRESS")
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn)
    assert_sfn_error(e, "StateMachineTypeNotSupported")


def test_list_executions_invalid_token(sfn, sm_factory):
    """API-REF ListExecutions: HTTP 400 InvalidToken."""
    arn = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=arn, nextToken="not-a-real-token")
    assert_sfn_error(e, "InvalidToken")


# =============================================================================================
# StopExecution
# =============================================================================================

def test_stop_execution(sfn, sm_factory):
    """API-REF StopExecution (response stopDate) and ExecutionAbortedEventDetails (error, cause); LS-SNAP
    test_stop_execution: the history ends with ExecutionAborted. The Wait never completes afterwards."""
    arn = sm_factory(wait_machine(1))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    resp = sfn.stop_execution(executionArn=ex, error="Operator.Stop", cause="stopped by the test")
    assert resp["stopDate"] is not None

    desc = wait_for_status(sfn, ex)
    assert desc["status"] == "ABORTED"
    assert desc["error"] == "Operator.Stop"
    assert desc["cause"] == "stopped by the test"
    assert desc["stopDate"] is not None
    assert "output" not in desc
    assert desc["redriveStatus"] == "REDRIVABLE"

    events = full_history(sfn, ex)
    assert events[-1]["type"] == "ExecutionAborted", event_types(events)
    assert events[-1]["executionAbortedEventDetails"] == {"error": "Operator.Stop", "cause": "stopped by the test"}

    time.sleep(1.3)  # past the end of the Wait
    assert sfn.describe_execution(executionArn=ex)["status"] == "ABORTED"
    after = full_history(sfn, ex)
    assert event_types(after) == event_types(events), "the execution moved on after it was stopped"


def test_stop_execution_without_error_or_cause(sfn, sm_factory):
    """API-REF StopExecution: error and cause are optional; LS-SNAP test_stop_execution: executionAbortedEventDetails {}."""
    arn = sm_factory(wait_machine(2))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    sfn.stop_execution(executionArn=ex)
    desc = wait_for_status(sfn, ex)
    assert desc["status"] == "ABORTED"
    events = full_history(sfn, ex)
    assert events[-1]["type"] == "ExecutionAborted"
    assert events[-1].get("executionAbortedEventDetails", {}) == {}


def test_stop_missing_execution(sfn, sm_factory):
    """API-REF StopExecution: ExecutionDoesNotExist; InvalidArn for a malformed ARN."""
    sm = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.stop_execution(executionArn=sm.replace(":stateMachine:", ":execution:") + ":" + uname("nope"))
    assert_sfn_error(e, "ExecutionDoesNotExist")
    with pytest.raises(ClientError) as e:
        sfn.stop_execution(executionArn="garbage")
    assert_sfn_error(e, "InvalidArn")


# =============================================================================================
# RedriveExecution
# =============================================================================================

def _choice_redrive_machine():
    """Prep (Pass) -> Gate (Choice, no Default): no rule matches until $$.Execution.RedriveCount > 0, so the first
    attempt fails in Gate with States.NoChoiceMatched and a redrive resumes at Gate and succeeds."""
    return definition({
        "Prep": {"Type": "Pass", "Result": {"prepared": True}, "Next": "Gate"},
        "Gate": {"Type": "Choice", "Choices": [
            {"Variable": "$$.Execution.RedriveCount", "NumericGreaterThan": 0, "Next": "Done"}]},
        "Done": {"Type": "Pass", "End": True},
    })


def test_redrive_failed_execution_resumes_from_failed_state(sfn, sm_factory):
    """API-REF RedriveExecution: continues the failed execution from the unsuccessful step, same input, same
    execution ARN; successful steps are not rerun; response redriveDate. DG context object: RedriveCount is 0
    before any redrive. API-REF DescribeExecution: redriveCount, redriveDate, redriveStatus.
    API-REF ExecutionRedrivenEventDetails: the history gets an ExecutionRedriven event with redriveCount."""
    arn = sm_factory(_choice_redrive_machine())
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"order": 7}))["executionArn"]
    failed = wait_for_status(sfn, ex)
    assert failed["status"] == "FAILED"
    assert failed["error"] == "States.NoChoiceMatched"
    assert failed["redriveStatus"] == "REDRIVABLE"
    assert failed["redriveCount"] == 0
    assert "redriveDate" not in failed

    resp = sfn.redrive_execution(executionArn=ex)
    assert resp["redriveDate"] is not None

    desc, events = wait_for_terminal_events(sfn, ex, 2)
    assert desc["executionArn"] == ex
    assert desc["status"] == "SUCCEEDED", desc
    assert json.loads(desc["output"]) == {"prepared": True}
    assert json.loads(desc["input"]) == {"order": 7}
    assert desc["redriveCount"] == 1
    assert desc["redriveDate"] is not None
    assert "error" not in desc

    types = event_types(events)
    assert types.count("ExecutionStarted") == 1, types
    assert types.count("ExecutionRedriven") == 1, types
    redriven = events[types.index("ExecutionRedriven")]
    assert redriven["executionRedrivenEventDetails"]["redriveCount"] == 1
    assert types.index("ExecutionFailed") < types.index("ExecutionRedriven") < types.index("ExecutionSucceeded")
    prep_entries = [e for e in events if e["type"] == "PassStateEntered" and e["stateEnteredEventDetails"]["name"] == "Prep"]
    assert len(prep_entries) == 1, "the successful Prep state was run again"
    gate_exits = [i for i, e in enumerate(events) if e["type"] == "ChoiceStateExited"]
    assert len(gate_exits) == 1 and gate_exits[0] > types.index("ExecutionRedriven"), types
    assert events[gate_exits[0]]["stateExitedEventDetails"]["name"] == "Gate"
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)

    with pytest.raises(ClientError) as e:
        sfn.redrive_execution(executionArn=ex)
    assert_sfn_error(e, "ExecutionNotRedrivable")


def test_redrive_parallel_reruns_only_the_failed_branch(sfn, sm_factory):
    """API-REF RedriveExecution: 'For workflows that include an Inline Map or Parallel state, RedriveExecution
    reschedules and redrives only the iterations and branches that failed or aborted.' The failing branch fails
    again; redriveCount becomes 1 and the execution ARN stays the same."""
    arn = sm_factory(definition({"Par": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "Result": "ok", "End": True}}},
        {"StartAt": "Broken", "States": {"Broken": {"Type": "Fail", "Error": "BranchError", "Cause": "branch failed"}}},
    ]}}))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    first = wait_for_status(sfn, ex)
    assert first["status"] == "FAILED"
    assert first["error"] == "BranchError"
    assert first["cause"] == "branch failed"

    sfn.redrive_execution(executionArn=ex)
    desc, events = wait_for_terminal_events(sfn, ex, 2)
    assert desc["executionArn"] == ex
    assert desc["status"] == "FAILED"
    assert desc["error"] == "BranchError"
    assert desc["redriveCount"] == 1
    assert desc["redriveStatus"] == "REDRIVABLE"
    types = event_types(events)
    assert types.count("ExecutionStarted") == 1
    assert types.count("ExecutionRedriven") == 1
    assert types.count("ExecutionFailed") == 2
    fine = [e for e in events if e["type"] == "PassStateEntered" and e["stateEnteredEventDetails"]["name"] == "Fine"]
    assert len(fine) == 1, "the branch that succeeded was rerun"


def test_redrive_parallel_reruns_the_failed_branch_and_keeps_the_other_result(sfn, sm_factory):
    """API-REF RedriveExecution: a Parallel state's failed branch is rescheduled and redriven; the branch that
    succeeded is not rerun and its result is kept. Here the second branch fails until
    $$.Execution.RedriveCount > 0, so the redriven execution succeeds with both branch results."""
    arn = sm_factory(definition({"Par": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Fine", "States": {"Fine": {"Type": "Pass", "Result": "first", "End": True}}},
        {"StartAt": "Gate", "States": {
            "Gate": {"Type": "Choice", "Choices": [
                {"Variable": "$$.Execution.RedriveCount", "NumericGreaterThan": 0, "Next": "Second"}]},
            "Second": {"Type": "Pass", "Result": "second", "End": True}}},
    ]}}))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    first = wait_for_status(sfn, ex)
    assert first["status"] == "FAILED"
    assert first["error"] == "States.NoChoiceMatched"

    sfn.redrive_execution(executionArn=ex)
    desc, events = wait_for_terminal_events(sfn, ex, 2)
    assert desc["status"] == "SUCCEEDED", desc
    assert json.loads(desc["output"]) == ["first", "second"]
    assert desc["redriveCount"] == 1
    fine = [e for e in events if e["type"] == "PassStateEntered" and e["stateEnteredEventDetails"]["name"] == "Fine"]
    assert len(fine) == 1, "the branch that succeeded was rerun"


def test_redrive_aborted_execution(sfn, sm_factory):
    """API-REF RedriveExecution: aborted executions can be redriven; the execution continues and completes."""
    arn = sm_factory(wait_machine(1, then_result={"finished": True}))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    sfn.stop_execution(executionArn=ex, error="Stop", cause="halt")
    assert wait_for_status(sfn, ex)["status"] == "ABORTED"

    sfn.redrive_execution(executionArn=ex)
    desc, events = wait_for_terminal_events(sfn, ex, 2)
    assert desc["status"] == "SUCCEEDED", desc
    assert json.loads(desc["output"]) == {"finished": True}
    assert desc["redriveCount"] == 1
    assert "error" not in desc and "cause" not in desc
    types = event_types(events)
    assert types.index("ExecutionAborted") < types.index("ExecutionRedriven") < types.index("ExecutionSucceeded")


def test_timed_out_execution_and_redrive(sfn, sm_factory):
    """ASL TimeoutSeconds ends the execution TIMED_OUT (history ends with ExecutionTimedOut). API-REF
    RedriveExecution: timed-out executions can be redriven (same ARN); DG redrive-executions: 'the state machine
    level timeout, if defined, is reset to 0', so with a 3 s Wait and a 1 s timeout the redrive times out again."""
    arn = sm_factory(wait_machine(3, TimeoutSeconds=1))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    desc = wait_for_status(sfn, ex, timeout=5)
    assert desc["status"] == "TIMED_OUT"
    assert "output" not in desc
    assert desc["redriveStatus"] == "REDRIVABLE"
    events = full_history(sfn, ex)
    assert events[-1]["type"] == "ExecutionTimedOut", event_types(events)

    sfn.redrive_execution(executionArn=ex)
    desc, events = wait_for_terminal_events(sfn, ex, 2, timeout=6)
    assert desc["executionArn"] == ex
    assert desc["status"] == "TIMED_OUT"
    assert desc["redriveCount"] == 1
    types = event_types(events)
    assert types.count("ExecutionTimedOut") == 2, types
    assert types.count("ExecutionRedriven") == 1, types
    assert types[-1] == "ExecutionTimedOut"


def test_redrive_succeeded_execution_refused(sfn, sm_factory):
    """API-REF RedriveExecution: only executions whose status isn't SUCCEEDED; ExecutionNotRedrivable (HTTP 400).
    LS-SNAP test_describe_execution: redriveStatus NOT_REDRIVABLE."""
    arn = sm_factory(pass_machine())
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    desc = wait_for_status(sfn, ex, "SUCCEEDED")
    assert desc["redriveStatus"] == "NOT_REDRIVABLE"
    with pytest.raises(ClientError) as e:
        sfn.redrive_execution(executionArn=ex)
    assert_sfn_error(e, "ExecutionNotRedrivable")
    again = sfn.describe_execution(executionArn=ex)
    assert again["redriveCount"] == 0
    assert again["status"] == "SUCCEEDED"


def test_redrive_running_execution_refused(sfn, sm_factory):
    """API-REF DescribeExecution redriveStatusReason 'Execution is RUNNING and cannot be redriven';
    RedriveExecution: ExecutionNotRedrivable."""
    arn = sm_factory(wait_machine(2))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    try:
        with pytest.raises(ClientError) as e:
            sfn.redrive_execution(executionArn=ex)
        assert_sfn_error(e, "ExecutionNotRedrivable")
        assert sfn.describe_execution(executionArn=ex)["redriveCount"] == 0
    finally:
        sfn.stop_execution(executionArn=ex)


def test_redrive_missing_execution(sfn, sm_factory):
    """API-REF RedriveExecution: ExecutionDoesNotExist; InvalidArn."""
    sm = sm_factory(pass_machine())
    with pytest.raises(ClientError) as e:
        sfn.redrive_execution(executionArn=sm.replace(":stateMachine:", ":execution:") + ":" + uname("nope"))
    assert_sfn_error(e, "ExecutionDoesNotExist")
    with pytest.raises(ClientError) as e:
        sfn.redrive_execution(executionArn="garbage")
    assert_sfn_error(e, "InvalidArn")


def test_redriven_execution_listed_with_new_status(sfn, sm_factory):
    """ListExecutions reflects the current status of a redriven execution (statusFilter matches it once)."""
    arn = sm_factory(_choice_redrive_machine())
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_for_status(sfn, ex, "FAILED")
    sfn.redrive_execution(executionArn=ex)
    wait_for_terminal_events(sfn, ex, 2)
    succeeded = sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")["executions"]
    assert [e["executionArn"] for e in succeeded] == [ex]
    assert sfn.list_executions(stateMachineArn=arn, statusFilter="FAILED")["executions"] == []


# =============================================================================================
# GetExecutionHistory
# =============================================================================================

def _history_machine():
    return definition({
        "Start": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "One"}], "Default": "Other"},
        "One": {"Type": "Pass", "Result": "one", "End": True},
        "Other": {"Type": "Pass", "Result": "other", "End": True},
    })


def _run_history_machine(sfn, sm_factory):
    arn = sm_factory(_history_machine())
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 1, "extra": "x"}))["executionArn"]
    assert wait_for_status(sfn, ex)["status"] == "SUCCEEDED"
    return ex


def test_history_of_succeeded_execution(sfn, sm_factory):
    """API-REF GetExecutionHistory / HistoryEvent: ascending by time by default; ids increase; previousEventId
    points back; stateEnteredEventDetails name/input and stateExitedEventDetails name/output are JSON strings;
    executionStartedEventDetails input/roleArn; executionSucceededEventDetails output."""
    ex = _run_history_machine(sfn, sm_factory)
    events = sfn.get_execution_history(executionArn=ex)["events"]
    assert event_types(events) == [
        "ExecutionStarted",
        "PassStateEntered", "PassStateExited",
        "ChoiceStateEntered", "ChoiceStateExited",
        "PassStateEntered", "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert [e["id"] for e in events] == list(range(1, 9))
    for e in events:
        assert 0 <= e["previousEventId"] < e["id"], e
    for e in events[2:]:
        assert e["previousEventId"] == e["id"] - 1, e  # a linear flow: each event follows the one before
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps)

    started = events[0]["executionStartedEventDetails"]
    assert json.loads(started["input"]) == {"n": 1, "extra": "x"}
    assert started["roleArn"] == ROLE_ARN

    names = [(e["type"], (e.get("stateEnteredEventDetails") or e.get("stateExitedEventDetails") or {}).get("name"))
             for e in events[1:7]]
    assert [n for _, n in names] == ["Start", "Start", "Check", "Check", "One", "One"]
    assert json.loads(events[1]["stateEnteredEventDetails"]["input"]) == {"n": 1, "extra": "x"}
    assert json.loads(events[2]["stateExitedEventDetails"]["output"]) == {"n": 1}
    assert json.loads(events[3]["stateEnteredEventDetails"]["input"]) == {"n": 1}
    assert json.loads(events[4]["stateExitedEventDetails"]["output"]) == {"n": 1}
    assert json.loads(events[5]["stateEnteredEventDetails"]["input"]) == {"n": 1}
    assert json.loads(events[6]["stateExitedEventDetails"]["output"]) == "one"
    assert json.loads(events[7]["executionSucceededEventDetails"]["output"]) == "one"
    assert json.loads(sfn.describe_execution(executionArn=ex)["output"]) == "one"


def test_history_of_failed_execution(sfn, sm_factory):
    """API-REF HistoryEvent: FailStateEntered, then ExecutionFailed with executionFailedEventDetails error/cause."""
    arn = sm_factory(definition({
        "Before": {"Type": "Pass", "Next": "Boom"},
        "Boom": {"Type": "Fail", "Error": "Kaput", "Cause": "history cause"},
    }))
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"a": 1}))["executionArn"]
    wait_for_status(sfn, ex, "FAILED")
    events = full_history(sfn, ex)
    assert event_types(events) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered", "ExecutionFailed"]
    assert events[3]["stateEnteredEventDetails"]["name"] == "Boom"
    assert json.loads(events[3]["stateEnteredEventDetails"]["input"]) == {"a": 1}
    assert events[4]["executionFailedEventDetails"] == {"error": "Kaput", "cause": "history cause"}
    assert events[4]["previousEventId"] == events[3]["id"]


def test_history_matches_aws_recording_for_a_pass_state(sfn, sm_factory):
    """LS-SNAP test_get_execution_history_reversed (validated against AWS): the exact events of AWS's
    BASE_PASS_RESULT machine run without input -- including previousEventId 0 on the first PassStateEntered and
    inputDetails/outputDetails {truncated: false}."""
    arn = sm_factory(pass_machine())
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_for_status(sfn, ex, "SUCCEEDED")
    events = sfn.get_execution_history(executionArn=ex)["events"]

    def normal(e):
        out = {k: v for k, v in e.items() if k != "timestamp"}
        for details in out.values():
            if isinstance(details, dict):
                for key in ("input", "output"):
                    if key in details:
                        details[key] = json.loads(details[key])
        return out

    assert [normal(e) for e in events] == [
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
         "executionStartedEventDetails": {"input": {}, "inputDetails": {"truncated": False}, "roleArn": ROLE_ARN}},
        {"id": 2, "previousEventId": 0, "type": "PassStateEntered",
         "stateEnteredEventDetails": {"name": "State_1", "input": {}, "inputDetails": {"truncated": False}}},
        {"id": 3, "previousEventId": 2, "type": "PassStateExited",
         "stateExitedEventDetails": {"name": "State_1", "output": {"Arg1": "argument1"}, "outputDetails": {"truncated": False}}},
        {"id": 4, "previousEventId": 3, "type": "ExecutionSucceeded",
         "executionSucceededEventDetails": {"output": {"Arg1": "argument1"}, "outputDetails": {"truncated": False}}},
    ]


def test_history_reverse_order(sfn, sm_factory):
    """API-REF GetExecutionHistory reverseOrder: latest events first; LS-SNAP test_get_execution_history_reversed."""
    ex = _run_history_machine(sfn, sm_factory)
    forward = sfn.get_execution_history(executionArn=ex)["events"]
    backward = sfn.get_execution_history(executionArn=ex, reverseOrder=True)["events"]
    assert backward == list(reversed(forward))
    assert backward[0]["type"] == "ExecutionSucceeded"


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_history_paging(sfn, sm_factory, reverse):
    """API-REF GetExecutionHistory: maxResults is an upper limit per page; nextToken (with the other arguments
    unchanged) continues where the previous page ended."""
    ex = _run_history_machine(sfn, sm_factory)
    everything = sfn.get_execution_history(executionArn=ex, reverseOrder=reverse)["events"]
    assert len(everything) == 8
    paged, token, pages = [], None, 0
    while True:
        page = sfn.get_execution_history(executionArn=ex, maxResults=3, reverseOrder=reverse,
                                         **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["events"]) <= 3
        paged.extend(page["events"])
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 20
    assert pages >= 3
    assert paged == everything


def test_history_paginator(sfn, sm_factory):
    """boto3's get_execution_history paginator (PageSize -> maxResults, nextToken) yields every event once."""
    ex = _run_history_machine(sfn, sm_factory)
    pages = list(sfn.get_paginator("get_execution_history").paginate(executionArn=ex, PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 4
    assert [e["id"] for p in pages for e in p["events"]] == list(range(1, 9))


def test_history_invalid_token_and_missing_execution(sfn, sm_factory):
    """API-REF GetExecutionHistory: InvalidToken (HTTP 400), ExecutionDoesNotExist, InvalidArn."""
    ex = _run_history_machine(sfn, sm_factory)
    with pytest.raises(ClientError) as e:
        sfn.get_execution_history(executionArn=ex, nextToken="definitely-not-a-token")
    assert_sfn_error(e, "InvalidToken")
    missing = ex.rsplit(":", 1)[0] + ":" + uname("nope")
    with pytest.raises(ClientError) as e:
        sfn.get_execution_history(executionArn=missing)
    assert_sfn_error(e, "ExecutionDoesNotExist")
    with pytest.raises(ClientError) as e:
        sfn.get_execution_history(executionArn="invalid_state_machine_arn")
    assert_sfn_error(e, "InvalidArn")


def test_history_of_wait_and_parallel(sfn, sm_factory):
    """API-REF HistoryEventType: WaitStateEntered/Exited and ParallelStateEntered ... ParallelStateExited around
    the branch events; every exited event names its state."""
    arn = sm_factory(definition({
        "Nap": {"Type": "Wait", "Seconds": 0, "Next": "Both"},
        "Both": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "L", "States": {"L": {"Type": "Pass", "Result": 1, "End": True}}},
            {"StartAt": "R", "States": {"R": {"Type": "Pass", "Result": 2, "End": True}}},
        ]},
    }))
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    desc = wait_for_status(sfn, ex)
    assert desc["status"] == "SUCCEEDED"
    assert json.loads(desc["output"]) == [1, 2]
    events = full_history(sfn, ex)
    types = event_types(events)
    assert types[:3] == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited"]
    assert types[3] == "ParallelStateEntered"
    assert types[-2:] == ["ParallelStateExited", "ExecutionSucceeded"]
    assert types.count("PassStateEntered") == 2 and types.count("PassStateExited") == 2
    exited = [e for e in events if e["type"] == "ParallelStateExited"][0]
    assert exited["stateExitedEventDetails"]["name"] == "Both"
    assert json.loads(exited["stateExitedEventDetails"]["output"]) == [1, 2]
    ids = [e["id"] for e in events]
    assert ids == list(range(1, len(events) + 1))


# =============================================================================================
# Tags
# =============================================================================================

def test_tags_lifecycle(sfn, sm_factory):
    """API-REF TagResource / UntagResource / ListTagsForResource; LS-SNAP test_sfn_api_tagging (an empty value is
    allowed; untagging a key that is not there succeeds)."""
    arn = sm_factory(pass_machine(), tags=[{"key": "team", "value": "payments"}])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "payments"}]

    sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}, {"key": "team", "value": "billing"},
                                            {"key": "empty", "value": ""}])
    tags = {t["key"]: t["value"] for t in sfn.list_tags_for_resource(resourceArn=arn)["tags"]}
    assert tags == {"team": "billing", "env": "test", "empty": ""}

    sfn.untag_resource(resourceArn=arn, tagKeys=["team", "not-there"])
    tags = {t["key"]: t["value"] for t in sfn.list_tags_for_resource(resourceArn=arn)["tags"]}
    assert tags == {"env": "test", "empty": ""}

    sfn.untag_resource(resourceArn=arn, tagKeys=["env", "empty"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == []


def test_tags_on_missing_state_machine(sfn, sm_factory):
    """API-REF TagResource / UntagResource / ListTagsForResource: ResourceNotFound (HTTP 400); LS-SNAP
    test_tag_state_machine_version ('Resource not found')."""
    arn = missing_sm_arn(sfn, sm_factory)
    calls = [
        lambda: sfn.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}]),
        lambda: sfn.untag_resource(resourceArn=arn, tagKeys=["k"]),
        lambda: sfn.list_tags_for_resource(resourceArn=arn),
    ]
    for call in calls:
        with pytest.raises(ClientError) as e:
            call()
        assert_sfn_error(e, "ResourceNotFound")


def test_tags_invalid_arn(sfn):
    """API-REF TagResource: InvalidArn."""
    with pytest.raises(ClientError) as e:
        sfn.tag_resource(resourceArn="not-an-arn", tags=[{"key": "k", "value": "v"}])
    assert_sfn_error(e, "InvalidArn")
