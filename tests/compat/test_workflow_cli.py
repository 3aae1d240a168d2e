"""The `sluice workflow …` commands against the running server: create, list, start (--wait),
start-sync, describe, history, stop, redrive; --json output; a failing call's exit code and
message (needs SLUICE_BIN)."""
import json

from cli_helpers import needs_binary, run_sluice
from sqs_helpers import unique_name

pytestmark = needs_binary


def sluice(*args, check=True):
    return run_sluice("workflow", *args, check=check)


def definition_file(tmp_path, definition):
    path = tmp_path / "machine.json"
    path.write_text(json.dumps(definition))
    return str(path)


def test_standard_lifecycle_with_history(tmp_path):
    machine = unique_name("cli-wf")
    path = definition_file(tmp_path, {"StartAt": "Add", "States": {
        "Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
    arn = sluice("create", machine, "--definition", path).stdout.strip()
    assert arn.endswith(f":stateMachine:{machine}")
    assert machine in sluice("list").stdout
    result = sluice("start", machine, "--input", '{"a": 2, "b": 3}', "--name", "run-1", "--wait").stdout
    assert "status:  SUCCEEDED" in result
    assert 'output:  {"sum":5}' in result
    execution = arn.replace(":stateMachine:", ":execution:") + ":run-1"
    history = sluice("history", execution).stdout.splitlines()
    assert [line.split()[2] for line in history] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "SucceedStateEntered", "SucceedStateExited",
        "ExecutionSucceeded"]
    described = json.loads(sluice("describe", execution, "--json").stdout)
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"sum": 5}


def test_start_sync_reports_failure_with_exit_code(tmp_path):
    machine = unique_name("cli-express")
    path = definition_file(tmp_path, {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Bad", "Cause": "because"}}})
    sluice("create", machine, "--definition", path, "--type", "EXPRESS")
    result = sluice("start-sync", machine, check=False)
    assert result.returncode == 1
    assert "status:  FAILED" in result.stdout and "error:   Bad" in result.stdout


def test_stop_and_redrive(tmp_path):
    machine = unique_name("cli-stop")
    path = definition_file(tmp_path, {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 30, "End": True}}})
    sluice("create", machine, "--definition", path)
    execution = sluice("start", machine).stdout.strip()
    assert "stopped at" in sluice("stop", execution, "--error", "Manual", "--cause", "by test").stdout
    described = json.loads(sluice("describe", execution, "--json").stdout)
    assert described["status"] == "ABORTED" and described["error"] == "Manual"
    assert "redriven at" in sluice("redrive", execution).stdout
    assert json.loads(sluice("describe", execution, "--json").stdout)["status"] == "RUNNING"
    sluice("stop", execution)


def test_errors_name_the_problem(tmp_path):
    missing = sluice("start", unique_name("nope"), check=False)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: StateMachineDoesNotExist:")
    bad = definition_file(tmp_path, {"StartAt": "X", "States": {}})
    invalid = sluice("create", unique_name("bad"), "--definition", bad, check=False)
    assert invalid.returncode == 1 and "InvalidDefinition" in invalid.stderr
