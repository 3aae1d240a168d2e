"""The worker pool under the failures of seed 003, each against a server of its own (needs
SLUICE_BIN): kill -9 of a busy worker, memory over the limit, a crash loop, recycling,
overflow under a burst, backpressure, graceful drain, and no orphan after kill -9 of the
server itself."""
import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

from lambda_helpers import ROLE, invoke_json, lambda_client, python_package, wait_for

BINARY = os.environ.get("SLUICE_BIN")
pytestmark = pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")

STAGE = """
    import json, os, subprocess, sys, time
    def handler(event, context):
        if "Records" in event:
            event = json.loads(event["Records"][0]["body"])
        if event.get("spawn"):
            subprocess.Popen(["sleep", event["spawn"]], start_new_session=True)
        if event.get("allocate"):
            held = b"x" * (event["allocate"] * 1024 * 1024)
        if event.get("sleep"):
            time.sleep(event["sleep"])
        return {"n": event.get("n"), "pid": os.getpid(), "requestId": context.aws_request_id}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`sluice serve` on a fresh data directory with a config, for one test."""

    def __init__(self, tmp_path, config, fresh=True):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.data = tmp_path / "data"
        (tmp_path / "code").mkdir(exist_ok=not fresh)
        (tmp_path / "code" / "stage.py").write_text(__import__("textwrap").dedent(STAGE))
        (tmp_path / "sluice.yaml").write_text(config)
        self.log = open(tmp_path / "server.log", "a")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", str(self.port), "--data", str(self.data), "--config", str(tmp_path / "sluice.yaml")],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{self.endpoint}/health", timeout=1)
                break
            except Exception:
                assert self.process.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.1)
        self.lam = lambda_client(self.endpoint)
        self.sqs = boto3.client("sqs", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="a",
                                aws_secret_access_key="b", config=Config(retries={"total_max_attempts": 1}))

    def pools(self):
        return {pool["name"]: pool for pool in json.loads(urllib.request.urlopen(f"{self.endpoint}/sluice/pools").read())}

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@contextlib.contextmanager
def server(tmp_path, config, fresh=True):
    """A server for the block; `fresh=False` starts it again on the same data directory."""
    running = Server(tmp_path, config, fresh)
    try:
        yield running
    finally:
        running.stop()


def stage_config(pool="{ workers: 2, localQueue: 2 }", timeout=10, memory=128, extra=""):
    return f"""
pools:
  stages: {pool}
functions:
  stage: {{ runtime: python3.12, handler: stage.handler, code: ./code, pool: stages, timeout: {timeout}, memory: {memory} }}
{extra}
"""


def processes_running(marker):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().split(b"\0")
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in command and state != "Z":
            found.append(int(entry))
    return found


def runtime_pids(keeper):
    """The worker's own processes under its keeper."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == keeper:
                    children.append(int(entry))
            except OSError:
                pass
    return children


def test_kill_9_of_a_busy_worker_fails_only_its_invocation_and_the_pool_heals(tmp_path):
    with server(tmp_path, stage_config()) as sluice:
        invoke_json(sluice.lam, "stage", {"n": 0})
        results = {}

        def call(key, event):
            results[key] = invoke_json(sluice.lam, "stage", event)

        threads = [threading.Thread(target=call, args=(key, {"n": key, "sleep": 3})) for key in ("victim", "survivor")]
        [thread.start() for thread in threads]
        def busy_workers():
            busy = [w for w in sluice.pools()["stages"]["workers"] if w["state"] == "busy"]
            return busy if len(busy) == 2 else None

        busy = wait_for(busy_workers, timeout=15)
        assert busy, sluice.pools()
        victim = busy[0]["pid"]
        for pid in runtime_pids(victim):
            os.kill(pid, signal.SIGKILL)
        [thread.join() for thread in threads]
        outcomes = sorted(result[1] or "ok" for result in results.values())
        assert outcomes == ["Unhandled", "ok"]
        failed = next(result for result in results.values() if result[1])
        assert failed[2]["errorType"] == "Runtime.ExitError" and "signal: killed" in failed[2]["errorMessage"]
        assert wait_for(lambda: len(sluice.pools()["stages"]["workers"]) == 2, timeout=10), "a replacement started"
        assert sluice.pools()["stages"]["restarts"].get("crash") == 1
        assert [invoke_json(sluice.lam, "stage", {"n": n})[1] for n in range(4)] == [None] * 4


def test_kill_9_of_a_worker_on_a_queue_message_brings_the_message_back(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 1, localQueue: 0 }")) as sluice:
        queue = sluice.sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "2"})["QueueUrl"]
        queue_arn = sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sluice.lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="stage", BatchSize=1)
        sluice.sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"n": 1, "sleep": 2}))
        busy = wait_for(lambda: [w for w in sluice.pools()["stages"]["workers"] if w["state"] == "busy"] or None, timeout=15)
        for pid in runtime_pids(busy[0]["pid"]):
            os.kill(pid, signal.SIGKILL)
        # The message comes back after its visibility and succeeds on a new worker.
        done = wait_for(lambda: sluice.pools()["stages"]["counts"].get("invocations.success", 0) >= 1, timeout=30)
        assert done
        assert wait_for(lambda: sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
                        ["ApproximateNumberOfMessagesNotVisible"] == "0", timeout=10)
        assert sluice.sqs.receive_message(QueueUrl=queue).get("Messages") is None


def test_memory_over_the_limit_kills_only_the_worker(tmp_path):
    with server(tmp_path, stage_config(memory=128)) as sluice:
        status, error, payload, _ = invoke_json(sluice.lam, "stage", {"allocate": 400, "sleep": 5})
        assert (status, error) == (200, "Unhandled")
        assert payload["errorType"] == "Runtime.ExitError"
        assert sluice.process.poll() is None, "the server is untouched"
        assert wait_for(lambda: sluice.pools()["stages"]["restarts"].get("oom") == 1, timeout=5)
        assert invoke_json(sluice.lam, "stage", {"n": 1})[1] is None


def test_a_hang_past_the_timeout_kills_the_whole_tree(tmp_path):
    marker = f"{int(time.time() * 1000) % 100000}.7"
    with server(tmp_path, stage_config(timeout=1)) as sluice:
        status, error, payload, _ = invoke_json(sluice.lam, "stage", {"spawn": marker, "sleep": 60})
        assert error == "Unhandled" and payload["errorMessage"].endswith("Task timed out after 1.00 seconds")
        assert wait_for(lambda: not processes_running(marker), timeout=10), "the detached child was killed too"


def test_a_crash_loop_at_init_fails_fast_without_a_restart_storm(tmp_path):
    broken = stage_config().replace("handler: stage.handler", "handler: stage.missing")
    with server(tmp_path, broken) as sluice:
        for _ in range(20):
            status, error, payload, _ = invoke_json(sluice.lam, "stage", {})
            assert (status, error) == (200, "Unhandled")
            assert payload["errorType"] == "Runtime.HandlerNotFound"
        assert sluice.pools()["stages"]["restarts"].get("init_failure", 0) <= 2


def test_workers_are_recycled_after_their_invocations(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 1, localQueue: 2, maxInvocations: 3 }")) as sluice:
        pids = [invoke_json(sluice.lam, "stage", {"n": n})[2]["pid"] for n in range(7)]
        assert len(set(pids[0:3])) == 1 and len(set(pids[3:6])) == 1 and pids[2] != pids[3] and pids[5] != pids[6]
        assert wait_for(lambda: sluice.pools()["stages"]["restarts"].get("recycled") == 2, timeout=5)


def test_a_burst_overflows_and_every_invocation_succeeds(tmp_path):
    config = stage_config(pool="{ workers: 1, localQueue: 1, overflowQueue: stages-overflow }")
    with server(tmp_path, config) as sluice:
        invoke_json(sluice.lam, "stage", {"n": -1})
        results = []

        def call(n):
            results.append(invoke_json(lambda_client(sluice.endpoint), "stage", {"n": n, "sleep": 0.2}))

        threads = [threading.Thread(target=call, args=(n,)) for n in range(8)]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]
        assert sorted(result[2]["n"] for result in results) == list(range(8))
        assert all(result[1] is None for result in results)
        # Run here or through the overflow queue, the handler sees the id the caller is answered with.
        assert all(result[2]["requestId"] == result[3]["ResponseMetadata"]["RequestId"] for result in results)
        counts = sluice.pools()["stages"]["counts"]
        assert counts.get("overflow.sent", 0) >= 1 and counts["overflow.sent"] == counts.get("overflow.received")
        metrics = urllib.request.urlopen(f"{sluice.endpoint}/metrics").read().decode()
        assert f'sluice_pool_overflow_sent{{pool="stages"}} {counts["overflow.sent"]}' in metrics


def test_a_saturated_pool_without_overflow_answers_too_many_requests(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 1, localQueue: 0 }")) as sluice:
        invoke_json(sluice.lam, "stage", {"n": -1})
        results = []

        def call(n):
            try:
                results.append(invoke_json(lambda_client(sluice.endpoint), "stage", {"n": n, "sleep": 1})[1] or "ok")
            except Exception as error:
                results.append(error.response["Error"]["Code"])

        threads = [threading.Thread(target=call, args=(n,)) for n in range(3)]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]
        assert sorted(results) == ["TooManyRequestsException", "TooManyRequestsException", "ok"]


def test_backpressure_keeps_in_flight_messages_within_the_pools_room(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 2, localQueue: 0 }")) as sluice:
        queue = sluice.sqs.create_queue(QueueName="load")["QueueUrl"]
        queue_arn = sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for n in range(12):
            sluice.sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"n": n, "sleep": 0.4}))
        sluice.lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="stage", BatchSize=1)
        most = 0
        deadline = time.time() + 30
        while time.time() < deadline:
            attributes = sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
            in_flight = int(attributes["ApproximateNumberOfMessagesNotVisible"])
            most = max(most, in_flight)
            if attributes["ApproximateNumberOfMessages"] == "0" and in_flight == 0:
                break
            time.sleep(0.05)
        assert 1 <= most <= 2, most
        assert sluice.pools()["stages"]["counts"].get("invocations.success") == 12


def test_sigterm_drains_running_invocations_and_releases_waiting_messages(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 1, localQueue: 0 }")) as sluice:
        invoke_json(sluice.lam, "stage", {"n": -1})
        result = {}
        thread = threading.Thread(target=lambda: result.setdefault("r", invoke_json(sluice.lam, "stage", {"n": 7, "sleep": 2})))
        thread.start()
        wait_for(lambda: any(w["state"] == "busy" for w in sluice.pools()["stages"]["workers"]), timeout=10)
        sluice.process.send_signal(signal.SIGTERM)
        thread.join()
        assert result["r"][1] is None and result["r"][2]["n"] == 7, "the running invocation finished"
        assert sluice.process.wait(timeout=30) == 0


def test_no_orphan_after_kill_9_of_the_server(tmp_path):
    marker = f"{int(time.time() * 1000) % 100000}.3"
    with server(tmp_path, stage_config(timeout=60)) as sluice:
        def doomed():
            with contextlib.suppress(Exception):
                invoke_json(sluice.lam, "stage", {"spawn": marker, "sleep": 50})

        thread = threading.Thread(target=doomed, daemon=True)
        thread.start()
        assert wait_for(lambda: processes_running(marker), timeout=15)
        keepers = [w["pid"] for w in sluice.pools()["stages"]["workers"]]
        sluice.process.kill()
        sluice.process.wait()
        assert wait_for(lambda: not processes_running(marker), timeout=10), "the worker's detached child exited"
        assert wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
                                        for pid in keepers), timeout=10), "the keepers exited"


def test_maximum_concurrency_bounds_a_mapping_below_its_pools_size(tmp_path):
    with server(tmp_path, stage_config(pool="{ workers: 4, localQueue: 0 }")) as sluice:
        queue = sluice.sqs.create_queue(QueueName="bounded")["QueueUrl"]
        queue_arn = sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for n in range(10):
            sluice.sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"n": n, "sleep": 0.4}))
        sluice.lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="stage", BatchSize=1,
                                               ScalingConfig={"MaximumConcurrency": 2})
        most = 0
        deadline = time.time() + 30
        while time.time() < deadline:
            busy = sum(1 for w in sluice.pools()["stages"]["workers"] if w["state"] == "busy")
            most = max(most, busy)
            if sluice.pools()["stages"]["counts"].get("invocations.success") == 10:
                break
            time.sleep(0.05)
        assert most == 2, most
        assert sluice.pools()["stages"]["counts"]["invocations.success"] == 10


def test_functions_and_mappings_survive_a_restart(tmp_path):
    from lambda_helpers import ROLE as role
    with server(tmp_path, stage_config()) as sluice:
        sluice.lam.create_function(FunctionName="kept", Runtime="python3.12", Role=role, Handler="app.handler",
                                   Code={"ZipFile": python_package("def handler(e, c):\n    return {'kept': e}\n")})
        queue = sluice.sqs.create_queue(QueueName="after-restart")["QueueUrl"]
        out = sluice.sqs.create_queue(QueueName="after-restart-out")["QueueUrl"]
        queue_arn = sluice.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sluice.lam.create_function(FunctionName="forward", Runtime="python3.12", Role=role, Handler="app.handler",
                                   Environment={"Variables": {"OUT": out}},
                                   Code={"ZipFile": python_package(
                                       "import boto3, os\ndef handler(e, c):\n"
                                       "    for r in e['Records']:\n"
                                       "        boto3.client('sqs').send_message(QueueUrl=os.environ['OUT'], MessageBody=r['body'])\n")})
        uuid = sluice.lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="forward")["UUID"]
    with server(tmp_path, stage_config(), fresh=False) as sluice:
        assert invoke_json(sluice.lam, "kept", {"n": 1})[2] == {"kept": {"n": 1}}
        assert sluice.lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"
        sluice.sqs.send_message(QueueUrl=queue, MessageBody="after the restart")
        received = wait_for(lambda: sluice.sqs.receive_message(QueueUrl=out, WaitTimeSeconds=1).get("Messages"), timeout=20)
        assert received and received[0]["Body"] == "after the restart"


def test_the_cli_lists_invokes_and_reads_logs(tmp_path):
    with server(tmp_path, stage_config()) as sluice:
        def cli(*arguments):
            return subprocess.run([BINARY, *arguments, "--endpoint", sluice.endpoint], capture_output=True, text=True, timeout=60)

        invoked = cli("function", "invoke", "stage", "--payload", '{"n": 5}', "--tail")
        assert invoked.returncode == 0, invoked.stderr
        assert json.loads(invoked.stdout)["n"] == 5
        assert "START RequestId:" in invoked.stderr and "REPORT RequestId:" in invoked.stderr
        listed = cli("function", "list")
        assert listed.returncode == 0 and "stage" in listed.stdout and "python3.12" in listed.stdout
        logs = cli("function", "logs", "stage")
        assert logs.returncode == 0 and "END RequestId:" in logs.stdout
        status = cli("pool", "status", "--json")
        pools = {pool["name"]: pool for pool in json.loads(status.stdout)["Pools"]}
        worker = pools["stages"]["workers"][0]
        assert worker["function"] == "stage" and worker["state"] == "idle" and worker["invocations"] == 1 and worker["pid"]
        text = cli("pool", "status")
        assert "pool stages: 1 of 2 workers" in text.stdout
        missing = cli("function", "invoke", "no-such-function")
        assert missing.returncode == 1 and "ResourceNotFoundException" in missing.stderr
