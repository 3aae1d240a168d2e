"""Shared helpers for the Step Functions part of the compatibility suite (fixtures are in conftest.py).

Expected behaviour is AWS Step Functions' (API Reference and Developer Guide; where they are silent,
responses LocalStack recorded against real AWS in tests marked `aws.validated`)."""
import json
import re
import time

import boto3
import requests
from botocore.config import Config

from sqs_helpers import ACCESS_KEY, ENDPOINT, REGION, SECRET_KEY, assert_error, signed_headers

ROLE_ARN = "arn:aws:iam::123456789012:role/sluice-test"
OTHER_ROLE_ARN = "arn:aws:iam::123456789012:role/sluice-test-other"
TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}


def sm_arn_re(name):
    """Regular expression for a state machine ARN (any 12-digit account)."""
    return r"arn:aws:states:" + REGION + r":\d{12}:stateMachine:" + re.escape(name)


def exec_arn_re(sm_name, exec_name):
    return r"arn:aws:states:" + REGION + r":\d{12}:execution:" + re.escape(sm_name) + ":" + re.escape(exec_name)


def express_exec_arn_re(sm_name, exec_name):
    return r"arn:aws:states:" + REGION + r":\d{12}:express:" + re.escape(sm_name) + ":" + re.escape(exec_name) + r":.+"


def make_sfn_client():
    return boto3.client(
        "stepfunctions",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        # StartSyncExecution has the host prefix "sync-" in the service model; against
        # http://127.0.0.1:PORT boto3 would otherwise call http://sync-127.0.0.1:PORT.
        config=Config(inject_host_prefix=False, retries={"max_attempts": 0}, connect_timeout=5, read_timeout=60),
    )


# --- definitions ---------------------------------------------------------------------------

def definition(states, start_at=None, **top):
    """An ASL definition string. states: dict of state name -> state."""
    doc = {"StartAt": start_at or next(iter(states)), "States": states}
    doc.update(top)
    return json.dumps(doc)


def pass_machine(result=None):
    """One Pass state (named State_1) with a static Result, as in AWS's BASE_PASS_RESULT template."""
    return definition({"State_1": {"Type": "Pass", "Result": result if result is not None else {"Arg1": "argument1"}, "End": True}})


def wait_machine(seconds, then_result=None, **top):
    """Wait `seconds`, then a Pass state Done (Result then_result, or the input passed through)."""
    done = {"Type": "Pass", "End": True}
    if then_result is not None:
        done["Result"] = then_result
    return definition({"Wait": {"Type": "Wait", "Seconds": seconds, "Next": "Done"}, "Done": done}, **top)


def fail_machine(error="CustomError", cause="Something went wrong"):
    return definition({"Boom": {"Type": "Fail", "Error": error, "Cause": cause}})


# --- executions ----------------------------------------------------------------------------

def wait_for_status(sfn, execution_arn, statuses=TERMINAL, timeout=10.0, interval=0.1):
    """Poll DescribeExecution until the status is one of `statuses`; returns the last description."""
    if isinstance(statuses, str):
        statuses = {statuses}
    deadline = time.monotonic() + timeout
    while True:
        desc = sfn.describe_execution(executionArn=execution_arn)
        if desc["status"] in statuses:
            return desc
        if time.monotonic() >= deadline:
            raise AssertionError(f"execution still {desc['status']} after {timeout}s (wanted {sorted(statuses)}): {desc}")
        time.sleep(interval)


def wait_until(predicate, timeout=5.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def full_history(sfn, execution_arn, **kwargs):
    events = []
    token = None
    while True:
        page = sfn.get_execution_history(executionArn=execution_arn, **kwargs, **({"nextToken": token} if token else {}))
        events.extend(page["events"])
        token = page.get("nextToken")
        if not token:
            return events


def event_types(events):
    return [e["type"] for e in events]


# --- errors ---------------------------------------------------------------------------------

def assert_sfn_error(err, code, status=400, message=None, message_contains=None):
    """Check a botocore ClientError (or pytest ExceptionInfo) for a Step Functions error code."""
    return assert_error(err, code, status, message=message, message_contains=message_contains)


# --- raw requests ---------------------------------------------------------------------------

def raw_sfn(target, body):
    """POST an AWS JSON 1.0 request to the Step Functions API, signed like an SDK. body: dict or str/bytes."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = ENDPOINT + "/"
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target}
    return requests.post(url, data=body, headers=signed_headers(url, body, headers, "states"), timeout=30)
