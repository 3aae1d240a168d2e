#!/usr/bin/env python3
"""Workflow crash test: Standard executions parked on a Wait and on an activity survive
kill -9, resume after restart and finish with the right output; a Wait keeps its original
schedule (a durable timer); a Parallel whose branches finished before the crash is not run
again; a failed execution finishes after RedriveExecution, under the same ARN.

Usage: workflow_crash_test.py --binary .build/debug/sluice --workdir /tmp/wf-crash
"""
import argparse
import json
import os
import signal
import sys
import time

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.dirname(__file__))
from crash_test import free_port, start  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/crash"


def client(port):
    return boto3.client("stepfunctions", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="crash", aws_secret_access_key="crash",
                        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}, read_timeout=70))


def wait_done(sfn, arn, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.1)
    sys.exit(f"FAIL: {arn} still RUNNING after {timeout} s")


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)
    print("ok:", message)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--workdir", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.workdir, exist_ok=True)
    data = os.path.join(opts.workdir, "data")
    log = open(os.path.join(opts.workdir, "server.log"), "ab")
    port = free_port()
    server = start(opts.binary, port, data, log)
    sfn = client(port)

    activity = sfn.create_activity(name="crash-worker")["activityArn"]
    waiting = sfn.create_state_machine(name="crash-wait", roleArn=ROLE, definition=json.dumps({
        "StartAt": "Sleep", "States": {
            "Sleep": {"Type": "Wait", "Seconds": 4, "Next": "Mark"},
            "Mark": {"Type": "Pass", "Result": "woke", "ResultPath": "$.state", "End": True}}}))["stateMachineArn"]
    tasked = sfn.create_state_machine(name="crash-activity", roleArn=ROLE, definition=json.dumps({
        "StartAt": "Both", "States": {
            "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "Result": "quick", "End": True}}},
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}]},
            "Done": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
    flaky = sfn.create_state_machine(name="crash-redrive", roleArn=ROLE, definition=json.dumps({
        "StartAt": "First", "States": {
            "First": {"Type": "Pass", "Result": 1, "ResultPath": "$.first", "Next": "Work"},
            "Work": {"Type": "Task", "Resource": activity, "ResultPath": "$.work", "End": True}}}))["stateMachineArn"]

    waits = [sfn.start_execution(stateMachineArn=waiting, name=f"wait-{i}", input=json.dumps({"i": i}))
             for i in range(5)]
    parked = sfn.start_execution(stateMachineArn=tasked, name="parked", input=json.dumps({"job": 42}))["executionArn"]
    time.sleep(1)
    # The activity task was queued before the crash; nobody took it.
    print("kill -9 with 5 executions on a 4 s Wait and one parked on an activity")
    server.send_signal(signal.SIGKILL)
    server.wait()
    time.sleep(1)

    server = start(opts.binary, port, data, log)
    sfn = client(port)
    task = sfn.get_activity_task(activityArn=activity, workerName="after-crash")
    check("taskToken" in task and json.loads(task["input"]) == {"job": 42},
          "the activity task is dispatched again after the restart, with its input")
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"worked": True}))
    done = wait_done(sfn, parked)
    check(done["status"] == "SUCCEEDED" and json.loads(done["output"]) == ["quick", {"worked": True}],
          "the execution parked on the activity finishes with both branches' outputs")
    events = [e["type"] for e in sfn.get_execution_history(executionArn=parked, maxResults=1000)["events"]]
    check(events.count("PassStateEntered") == 2,
          "the Parallel branch that finished before the crash did not run again")

    for started in waits:
        d = wait_done(sfn, started["executionArn"])
        elapsed = (d["stopDate"] - d["startDate"]).total_seconds()
        check(d["status"] == "SUCCEEDED" and json.loads(d["output"])["state"] == "woke",
              f"{d['name']} resumed after the crash and finished")
        check(3.9 <= elapsed < 6.5, f"{d['name']} woke on its original schedule ({elapsed:.2f} s after its start)")

    failed = sfn.start_execution(stateMachineArn=flaky, name="flaky", input="{}")["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="first")
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Down", cause="first attempt")
    d = wait_done(sfn, failed)
    check(d["status"] == "FAILED" and d["error"] == "Worker.Down", "the redrive candidate fails first")
    server.send_signal(signal.SIGKILL)
    server.wait()
    server = start(opts.binary, port, data, log)
    sfn = client(port)
    sfn.redrive_execution(executionArn=failed)
    task = sfn.get_activity_task(activityArn=activity, workerName="second")
    check("taskToken" in task, "the redriven execution dispatches the failed Task again")
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps("fixed"))
    d = wait_done(sfn, failed)
    check(d["status"] == "SUCCEEDED" and json.loads(d["output"]) == {"first": 1, "work": "fixed"},
          "RedriveExecution after a restart finishes the failed execution from the failed state")
    check(d["redriveCount"] == 1 and d["executionArn"] == failed, "same ARN, redriveCount 1")
    entered = [e for e in sfn.get_execution_history(executionArn=failed, maxResults=1000)["events"]
               if e["type"] == "PassStateEntered"]
    check(len(entered) == 1, "the state that succeeded before the failure did not run again")

    server.terminate()
    server.wait()
    print("workflow crash test passed")


if __name__ == "__main__":
    main()
