"""Graceful shutdown: SIGTERM ends long polls at once (empty), lets the server exit 0, and
what was acknowledged before is there after a restart. Runs its own server (needs SLUICE_BIN)."""
import contextlib
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
from botocore.exceptions import ClientError

BINARY = os.environ.get("SLUICE_BIN")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port, data):
    process = subprocess.Popen([BINARY, "serve", "--port", str(port), "--data", str(data)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except Exception:
            time.sleep(0.1)
    process.kill()
    pytest.fail("server did not start")


@contextlib.contextmanager
def running(port, data):
    """A server on `data` for the block; stopped at its end unless it has exited already."""
    process = start(port, data)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def client(port, **config):
    return boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="a", aws_secret_access_key="b",
                        config=Config(retries={"max_attempts": 1}, **config))


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
def test_sigterm_ends_long_polls_and_keeps_data(tmp_path):
    port = free_port()
    sqs = client(port, read_timeout=30)
    with running(port, tmp_path / "data") as server:
        kept = sqs.create_queue(QueueName="kept")["QueueUrl"]
        sqs.send_message(QueueUrl=kept, MessageBody="acknowledged before shutdown")
        waiting = sqs.create_queue(QueueName="waiting")["QueueUrl"]
        outcome = {}

        def poll():
            started = time.monotonic()
            outcome["messages"] = sqs.receive_message(QueueUrl=waiting, WaitTimeSeconds=20).get("Messages", [])
            outcome["seconds"] = time.monotonic() - started

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        poller.join(timeout=15)
        assert not poller.is_alive(), "the long poll outlived the shutdown"
        assert outcome["messages"] == []
        assert outcome["seconds"] < 5
        assert server.wait(timeout=15) == 0

    with running(port, tmp_path / "data"):
        messages = sqs.receive_message(QueueUrl=kept).get("Messages", [])
        assert [m["Body"] for m in messages] == ["acknowledged before shutdown"]


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
def test_message_move_task_survives_a_restart(tmp_path):
    """A redrive still running at shutdown goes on after the restart, under the same handle,
    and ListMessageMoveTasks still shows it."""
    port = free_port()
    sqs = client(port)
    with running(port, tmp_path / "data") as server:
        dlq = sqs.create_queue(QueueName="redrive-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        source = sqs.create_queue(QueueName="redrive-src", Attributes={
            "RedrivePolicy": f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"1"}}'})["QueueUrl"]
        for index in range(6):
            sqs.send_message(QueueUrl=source, MessageBody=f"m{index}")
        received = 0
        while received < 6:
            received += len(sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10,
                                                VisibilityTimeout=0).get("Messages", []))
        # The next receive moves all six to the DLQ.
        assert sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10).get("Messages", []) == []
        handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        time.sleep(1.5)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0

    with running(port, tmp_path / "data"):
        tasks = sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"]
        assert [t["TaskHandle"] for t in tasks] == [handle]
        assert tasks[0]["Status"] == "RUNNING"
        assert 1 <= tasks[0]["ApproximateNumberOfMessagesMoved"] < 6
        assert tasks[0]["ApproximateNumberOfMessagesToMove"] == 6
        with pytest.raises(ClientError) as error:
            sqs.start_message_move_task(SourceArn=dlq_arn)
        assert error.value.response["Error"]["Code"] == "InvalidParameterValue"
        # At one message a second the rest takes about five more seconds.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            task = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
            if task["Status"] != "RUNNING":
                break
            time.sleep(0.25)
        assert task["Status"] == "COMPLETED"
        assert task["ApproximateNumberOfMessagesMoved"] == 6
        bodies = []
        for _ in range(10):
            bodies += [m["Body"] for m in sqs.receive_message(
                QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=60).get("Messages", [])]
            if len(bodies) == 6:
                break
        assert sorted(bodies) == [f"m{index}" for index in range(6)]
