"""Graceful shutdown: SIGTERM ends long polls at once (empty), lets the server exit 0, and
what was acknowledged before is there after a restart. Runs its own server (needs SLUICE_BIN)."""
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


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
def test_sigterm_ends_long_polls_and_keeps_data(tmp_path):
    port = free_port()
    server = start(port, tmp_path / "data")
    sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                       aws_access_key_id="a", aws_secret_access_key="b",
                       config=Config(retries={"max_attempts": 1}, read_timeout=30))
    try:
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
    finally:
        if server.poll() is None:
            server.kill()

    server = start(port, tmp_path / "data")
    try:
        messages = sqs.receive_message(QueueUrl=kept).get("Messages", [])
        assert [m["Body"] for m in messages] == ["acknowledged before shutdown"]
    finally:
        server.terminate()
        server.wait(timeout=15)
