"""The `sluice queue …` commands against the running server: every subcommand, text and --json
output, redrive with progress, and a failing call's exit code and message (needs SLUICE_BIN)."""
import json
import time

from cli_helpers import needs_binary, run_sluice
from sqs_helpers import unique_name

pytestmark = needs_binary


def sluice(*args, check=True):
    return run_sluice("queue", *args, check=check)


def test_queue_lifecycle_and_messages():
    queue = unique_name("cli")
    url = sluice("create", queue, "--attribute", "VisibilityTimeout=45", "--tag", "team=a").stdout.strip()
    assert url.endswith(f"/000000000000/{queue}")
    assert url in sluice("list", "--prefix", queue).stdout.split()
    attributes = sluice("attributes", queue, "--set", "DelaySeconds=0").stdout
    assert any(line.split() == ["VisibilityTimeout", "45"] for line in attributes.splitlines())

    message_id = sluice("send", queue, "hello from the cli", "--attribute", "k=v").stdout.strip()
    received = json.loads(sluice("receive", queue, "--max", "10", "--json").stdout)
    message = received["Messages"][0]
    assert message["MessageId"] == message_id
    assert message["Body"] == "hello from the cli"
    assert message["MessageAttributes"]["k"]["StringValue"] == "v"
    assert sluice("delete-message", queue, message["ReceiptHandle"]).stdout.strip() == "deleted"
    sluice("attributes", queue, "--set", "VisibilityTimeout=0")
    assert sluice("receive", queue).stdout.strip() == "no messages"

    sluice("send", queue, "to be purged")
    sluice("purge", queue)
    assert sluice("receive", queue).stdout.strip() == "no messages"
    sluice("delete", queue)
    assert url not in sluice("list", "--prefix", queue).stdout.split()


def test_fifo_send_with_group():
    queue = unique_name("cli") + ".fifo"
    sluice("create", queue, "--attribute", "FifoQueue=true", "--attribute", "ContentBasedDeduplication=true")
    for body in ["first", "second"]:
        sluice("send", queue, body, "--group", "g")
    received = json.loads(sluice("receive", queue, "--max", "10", "--json").stdout)
    assert [m["Body"] for m in received["Messages"]] == ["first", "second"]
    sluice("delete", queue)


def test_redrive_moves_dead_letters_back_and_shows_progress():
    dlq, source = unique_name("cli-dlq"), unique_name("cli-src")
    sluice("create", dlq)
    policy = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:us-east-1:000000000000:{dlq}", "maxReceiveCount": 1})
    sluice("create", source, "--attribute", f"RedrivePolicy={policy}")
    sluice("send", source, "poison")
    sluice("receive", source, "--visibility", "1")
    time.sleep(1.2)
    assert sluice("receive", source).stdout.strip() == "no messages"  # moved to the DLQ by this receive
    output = sluice("redrive", dlq).stdout
    assert "COMPLETED: moved 1 of 1" in output
    assert "poison" in sluice("receive", source).stdout
    sluice("delete", source)
    sluice("delete", dlq)


def test_a_failing_call_says_why_and_exits_1():
    result = sluice("send", unique_name("missing"), "x", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("error: AWS.SimpleQueueService.NonExistentQueue:")
