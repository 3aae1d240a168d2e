"""RedriveExecution and Retry together: a retry after a redrive starts its branches over
(ParallelStateStarted again, the branch re-entered from its start), never resuming an earlier
attempt's branches; finished branches of the failed attempt are not run again."""
import json
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from sqs_helpers import ENDPOINT, REGION

ROLE = "arn:aws:iam::123456789012:role/sluice-test"


@pytest.fixture
def sfn():
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="t",
                        aws_secret_access_key="t", config=Config(inject_host_prefix=False, retries={"max_attempts": 0}))


def finish(sfn, arn):
    deadline = time.time() + 20
    while time.time() < deadline:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    raise AssertionError("still RUNNING")


def events(sfn, arn):
    return sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]


def test_retry_after_redrive_starts_branches_over(sfn):
    definition = {"StartAt": "Both", "States": {"Both": {
        "Type": "Parallel", "End": True,
        "Retry": [{"ErrorEquals": ["Not.Yet"], "MaxAttempts": 1, "IntervalSeconds": 1}],
        "Branches": [
            {"StartAt": "Steady", "States": {"Steady": {"Type": "Pass", "Result": "steady", "End": True}}},
            {"StartAt": "Prepare", "States": {
                "Prepare": {"Type": "Pass", "Next": "Gate"},
                "Gate": {"Type": "Choice", "Default": "Broken", "Choices": [
                    {"Variable": "$$.Execution.RedriveCount", "NumericGreaterThanEquals": 2, "Next": "Fine"}]},
                "Broken": {"Type": "Fail", "Error": "Not.Yet"},
                "Fine": {"Type": "Pass", "Result": "fine", "End": True}}}]}}}
    machine = sfn.create_state_machine(name=f"redrive-retry-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition),
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
    assert finish(sfn, arn)["status"] == "FAILED"

    sfn.redrive_execution(executionArn=arn)
    assert finish(sfn, arn)["status"] == "FAILED"
    after = events(sfn, arn)
    redriven = next(i for i, e in enumerate(after) if e["type"] == "ExecutionRedriven")
    since = [e for e in after[redriven:]]
    # The redrive resumes the failed attempt's branch at its Choice; its Retry then runs the
    # whole state again: a new ParallelStateStarted, and the branch entered from "Prepare".
    assert [e["type"] for e in since].count("ParallelStateStarted") == 1
    entered = [e["stateEnteredEventDetails"]["name"] for e in since if e["type"].endswith("StateEntered")]
    assert "Prepare" in entered and entered.count("Steady") == 1

    sfn.redrive_execution(executionArn=arn)
    done = finish(sfn, arn)
    assert done["status"] == "SUCCEEDED" and done["redriveCount"] == 2
    assert json.loads(done["output"]) == ["steady", "fine"]
