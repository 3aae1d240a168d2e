#!/usr/bin/env python3
"""Crash test: concurrent sends and deletes against `sluice serve`, kill -9 mid-load, restart on
the same data, then check that every acknowledged send is there (unless its delete was
acknowledged) and that no acknowledged delete came back.

A delete the kill cut off before its answer may or may not have been committed: a message
missing after one is not counted as lost.

The server runs with 64 KiB payload segments, so that segments are closed, compacted and
unlinked while the load runs and the kills land; once the queues are drained, every closed
segment must be unlinked.

Usage: crash_test.py --binary .build/debug/sluice --workdir /tmp/crash [--rounds 2] [--seconds 3]
"""
import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import boto3
from botocore.config import Config

QUEUES = {"crash-standard": {"VisibilityTimeout": "2"},
          "crash.fifo": {"VisibilityTimeout": "2", "FifoQueue": "true", "ContentBasedDeduplication": "true"}}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SEGMENT_BYTES = 65536


def start(binary, port, data, log):
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--data", data,
                                "--payload-segment-size", str(SEGMENT_BYTES)], stdout=log, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except Exception:
            if process.poll() is not None:
                sys.exit(f"server exited during start-up (code {process.returncode})")
            time.sleep(0.1)
    process.kill()
    sys.exit("server did not start within 30 s")


def client(port):
    return boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="crash", aws_secret_access_key="crash",
                        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5))


class Ledger:
    """What the server acknowledged, per queue."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {}        # message id -> body
        self.deleted = set()  # message ids whose DeleteMessageBatch entry succeeded
        # Message ids a delete was sent for without an answer (the kill cut it off): the server
        # may or may not have committed it, so such a message may be gone without being lost.
        self.unanswered = set()

    def record_sent(self, pairs):
        with self.lock:
            self.sent.update(pairs)

    def record_deleted(self, ids):
        with self.lock:
            self.deleted.update(ids)

    def record_unanswered(self, ids):
        with self.lock:
            self.unanswered.update(ids)


def sender(port, url, fifo, ledger, stop, worker):
    sqs = client(port)
    n = 0
    while not stop.is_set():
        entries = []
        for i in range(10):
            n += 1
            entry = {"Id": str(i), "MessageBody": f"w{worker}-m{n}-{random.random()}"}
            if fifo:
                entry["MessageGroupId"] = f"g{n % 7}"
            entries.append(entry)
        try:
            result = sqs.send_message_batch(QueueUrl=url, Entries=entries)
        except Exception:
            continue
        bodies = {e["Id"]: e["MessageBody"] for e in entries}
        ledger.record_sent({ok["MessageId"]: bodies[ok["Id"]] for ok in result.get("Successful", [])})


def deleter(port, url, ledger, stop):
    sqs = client(port)
    while not stop.is_set():
        try:
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                continue
            # Delete roughly two thirds; the rest stay in flight across the crash.
            chosen = [m for m in messages if random.random() < 0.66]
            if not chosen:
                continue
            ids = {str(i): m["MessageId"] for i, m in enumerate(chosen)}
            try:
                result = sqs.delete_message_batch(
                    QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chosen)])
            except Exception:
                ledger.record_unanswered(ids.values())
                continue
            ledger.record_deleted(ids[ok["Id"]] for ok in result.get("Successful", []))
        except Exception:
            continue


def drain(port, url):
    """Every message left in the queue, waiting out visibility timeouts."""
    sqs = client(port)
    seen = {}
    quiet_since = None
    deadline = time.time() + 90
    while time.time() < deadline:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        for m in messages:
            seen[m["MessageId"]] = m["Body"]
        if messages:
            sqs.delete_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
            quiet_since = None
            continue
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        left = int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])
        if left == 0:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1:
                return seen
    sys.exit(f"could not drain {url} within 90 s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    data = os.path.join(args.workdir, "data")
    log = open(os.path.join(args.workdir, "server.log"), "ab")
    port = free_port()

    server = start(args.binary, port, data, log)
    urls = {}
    for name, attributes in QUEUES.items():
        urls[name] = client(port).create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    ledgers = {name: Ledger() for name in QUEUES}

    for round_number in range(1, args.rounds + 1):
        stop = threading.Event()
        threads = []
        for name, url in urls.items():
            fifo = name.endswith(".fifo")
            threads += [threading.Thread(target=sender, args=(port, url, fifo, ledgers[name], stop, w)) for w in range(3)]
            threads += [threading.Thread(target=deleter, args=(port, url, ledgers[name], stop)) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join()
        print(f"round {round_number}: killed the server with kill -9 under load; "
              + ", ".join(f"{n}: {len(l.sent)} sends and {len(l.deleted)} deletes acknowledged" for n, l in ledgers.items()))
        server = start(args.binary, port, data, log)

    failures = 0
    for name, url in urls.items():
        ledger = ledgers[name]
        remaining = drain(port, url)
        expected = set(ledger.sent) - ledger.deleted
        lost = expected - set(remaining) - ledger.unanswered
        resurrected = ledger.deleted & set(remaining)
        wrong_body = [m for m in expected & set(remaining) if remaining[m] != ledger.sent[m]]
        maybe = len((expected - set(remaining)) & ledger.unanswered)
        print(f"{name}: {len(expected)} expected after restart, {len(remaining)} found, "
              f"{len(lost)} lost, {len(resurrected)} deleted-but-back, {len(wrong_body)} with a changed body "
              f"({maybe} gone whose delete was cut off unanswered by the kill)")
        if lost or resurrected or wrong_body or not ledger.sent or not ledger.deleted:
            failures += 1
    # With every message deleted, no closed segment holds a live record: the clean-up, which
    # runs every second, must have unlinked them all, leaving the active segment alone.
    segments_dir = os.path.join(data, "payloads")
    deadline = time.time() + 10
    while True:
        segments = [n for n in os.listdir(segments_dir) if n.endswith(".seg")]
        if len(segments) <= 1 or time.time() > deadline:
            break
        time.sleep(0.2)
    print(f"payload segments left after draining: {len(segments)} (expected 1, the active one)")
    if len(segments) > 1:
        failures += 1
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    if failures:
        print("0 passed, 1 failed")
        sys.exit(1)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
