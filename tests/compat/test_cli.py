"""The aws CLI against Sluice, unchanged: `aws --endpoint-url $SLUICE_ENDPOINT sqs ...`."""
import json
import os
import shutil
import subprocess

import pytest

from sqs_helpers import ENDPOINT, md5_hex, md5_of_attributes, queue_url_for


def aws(*args, check=True):
    exe = shutil.which("aws")
    assert exe, "the aws CLI is not installed (pip install awscli)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "1",
    })
    proc = subprocess.run([exe, "--endpoint-url", ENDPOINT, "--output", "json", "sqs", *args],
                          env=env, capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, (args, proc.returncode, proc.stderr)
        return json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc


@pytest.fixture
def cli_queue(sqs, queue_factory, name_factory):
    name = name_factory("cli")
    url = aws("create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40")["QueueUrl"]
    queue_factory.urls.append(url)  # deleted by the fixture if the test does not
    return name, url


def test_cli_create_list_and_delete_queue(sqs, cli_queue):
    name, url = cli_queue
    assert url == queue_url_for(name)
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {
        "VisibilityTimeout": "40"}
    listed = aws("list-queues", "--queue-name-prefix", name)
    assert listed["QueueUrls"] == [url]
    aws("delete-queue", "--queue-url", url)
    assert sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []


def test_cli_send_receive_delete(sqs, cli_queue):
    _, url = cli_queue
    attrs = {"color": {"DataType": "String", "StringValue": "blue"}}
    sent = aws("send-message", "--queue-url", url, "--message-body", "hello from the CLI",
               "--message-attributes", json.dumps(attrs))
    assert sent["MD5OfMessageBody"] == md5_hex("hello from the CLI")
    assert sent["MD5OfMessageAttributes"] == md5_of_attributes(attrs)

    got = aws("receive-message", "--queue-url", url, "--attribute-names", "All",
              "--message-attribute-names", "All", "--wait-time-seconds", "2")
    [msg] = got["Messages"]
    assert msg["MessageId"] == sent["MessageId"]
    assert msg["Body"] == "hello from the CLI"
    assert msg["MessageAttributes"] == attrs
    assert msg["Attributes"]["ApproximateReceiveCount"] == "1"

    aws("delete-message", "--queue-url", url, "--receipt-handle", msg["ReceiptHandle"])
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages",
                                                                    "ApproximateNumberOfMessagesNotVisible"])
    assert attrs["Attributes"] == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}


def test_cli_error_for_missing_queue(name_factory):
    proc = aws("get-queue-url", "--queue-name", name_factory("cli-missing"), check=False)
    assert proc.returncode != 0
    assert "AWS.SimpleQueueService.NonExistentQueue" in proc.stderr, proc.stderr
    assert "The specified queue does not exist" in proc.stderr
