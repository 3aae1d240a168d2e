"""Dead-letter queues: RedrivePolicy, RedriveAllowPolicy, ListDeadLetterSourceQueues and message move tasks
(StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask)."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from sqs_helpers import (
    assert_error,
    md5_of_attributes,
    queue_arn,
    queue_arn_for,
    queue_counts,
    queue_url_for,
    receive_all,
    wait_until,
)


def redrive(dlq_url, max_receive_count=1):
    return json.dumps({"deadLetterTargetArn": queue_arn(dlq_url), "maxReceiveCount": max_receive_count})


@pytest.fixture
def dlq_pair(queue_factory):
    """(source_url, dlq_url): source sends to the DLQ after one receive."""
    dlq = queue_factory(prefix="dlq")
    src = queue_factory(prefix="src", attributes={"RedrivePolicy": redrive(dlq, 1)})
    return src, dlq


def dead_letter(sqs, src, dlq, n):
    """Drive n messages from src into dlq (maxReceiveCount=1 and VisibilityTimeout=0 receives)."""
    def moved():
        sqs.receive_message(QueueUrl=src, MaxNumberOfMessages=10, VisibilityTimeout=0)
        return queue_counts(sqs, dlq)[0] >= n
    assert wait_until(moved, timeout=10, interval=0.05), queue_counts(sqs, dlq)
    assert queue_counts(sqs, src) == (0, 0, 0)


# --- redrive on receive ------------------------------------------------------------------------

def test_max_receive_count_moves_message_keeping_identity(sqs, dlq_pair):
    src, dlq = dlq_pair
    attrs = {"kind": {"DataType": "String", "StringValue": "poison"},
             "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02"}}
    sent = sqs.send_message(QueueUrl=src, MessageBody="poison pill", MessageAttributes=attrs)
    first = sqs.receive_message(QueueUrl=src, VisibilityTimeout=0, MessageSystemAttributeNames=["All"])
    second = sqs.receive_message(QueueUrl=src, VisibilityTimeout=0, WaitTimeSeconds=1)
    got = first.get("Messages", []) + second.get("Messages", [])
    # The message is delivered maxReceiveCount (1) times, then moved on the next receive.
    assert len(got) == 1
    sent_ts = got[0]["Attributes"]["SentTimestamp"]

    msg = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=3, MessageSystemAttributeNames=["All"],
                              MessageAttributeNames=["All"])["Messages"][0]
    assert msg["MessageId"] == sent["MessageId"]
    assert msg["Body"] == "poison pill"
    assert msg["MessageAttributes"] == attrs
    assert msg["MD5OfMessageAttributes"] == md5_of_attributes(attrs) == sent["MD5OfMessageAttributes"]
    assert msg["Attributes"]["DeadLetterQueueSourceArn"] == queue_arn(src)
    assert msg["Attributes"]["SentTimestamp"] == sent_ts
    assert queue_counts(sqs, src) == (0, 0, 0)


def test_fifo_dead_letter_queue(sqs, fifo_queue_factory):
    dlq = fifo_queue_factory(attributes={"ContentBasedDeduplication": "true"})
    src = fifo_queue_factory(attributes={"ContentBasedDeduplication": "true", "VisibilityTimeout": "60",
                                         "RedrivePolicy": redrive(dlq, 2)})
    message_id = sqs.send_message(QueueUrl=src, MessageBody="foobar", MessageGroupId="1")["MessageId"]
    for _ in range(3):
        sqs.receive_message(QueueUrl=src, WaitTimeSeconds=1, VisibilityTimeout=0)
    msgs = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=3, MessageSystemAttributeNames=["All"])["Messages"]
    assert [(m["MessageId"], m["Body"]) for m in msgs] == [(message_id, "foobar")]
    # AWS: in a FIFO DLQ the deduplication id is replaced with the message id.
    assert msgs[0]["Attributes"]["MessageDeduplicationId"] == message_id
    assert msgs[0]["Attributes"]["MessageGroupId"] == "1"


def test_redrive_policy_read_back(sqs, queue_factory):
    dlq = queue_factory(prefix="dlq")
    src = queue_factory(prefix="src", attributes={"RedrivePolicy": redrive(dlq, 10)})
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["RedrivePolicy"])
                        ["Attributes"]["RedrivePolicy"])
    assert policy == {"deadLetterTargetArn": queue_arn(dlq), "maxReceiveCount": 10}
    all_attrs = sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["All"])["Attributes"]
    assert "RedrivePolicy" in all_attrs


def test_remove_redrive_policy(sqs, dlq_pair):
    src, dlq = dlq_pair
    sqs.set_queue_attributes(QueueUrl=src, Attributes={"RedrivePolicy": ""})
    assert "RedrivePolicy" not in sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["All"])["Attributes"]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq).get("queueUrls", []) == []


# --- ListDeadLetterSourceQueues ------------------------------------------------------------------

def test_list_dead_letter_source_queues(sqs, queue_factory):
    dlq = queue_factory(prefix="dlq")
    s1 = queue_factory(prefix="src", attributes={"RedrivePolicy": redrive(dlq, 50)})
    s2 = queue_factory(prefix="src", attributes={"RedrivePolicy": redrive(dlq, 50)})
    queue_factory(prefix="unrelated")
    resp = sqs.list_dead_letter_source_queues(QueueUrl=dlq)
    assert sorted(resp["queueUrls"]) == sorted([s1, s2])
    assert "NextToken" not in resp

    page1 = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=1)
    assert len(page1["queueUrls"]) == 1 and page1.get("NextToken")
    page2 = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=1, NextToken=page1["NextToken"])
    assert len(page2["queueUrls"]) == 1
    assert "NextToken" not in page2
    assert sorted(page1["queueUrls"] + page2["queueUrls"]) == sorted([s1, s2])


def test_list_dead_letter_source_queues_none(sqs, queue):
    assert sqs.list_dead_letter_source_queues(QueueUrl=queue).get("queueUrls", []) == []


def test_list_dead_letter_source_queues_nonexistent(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.list_dead_letter_source_queues(QueueUrl=queue_url_for(name_factory("nodlq")))
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)


# --- RedrivePolicy validation ---------------------------------------------------------------------

def test_redrive_policy_with_invalid_arn(sqs, name_factory):
    policy = json.dumps({"deadLetterTargetArn": "dummy", "maxReceiveCount": 42})
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name_factory("badarn"), Attributes={"RedrivePolicy": policy})
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message=f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for "
                         f"deadLetterTargetArn.")


def test_redrive_policy_to_missing_queue(sqs, queue, name_factory):
    policy = json.dumps({"deadLetterTargetArn": queue_arn_for(name_factory("missing-dlq")), "maxReceiveCount": 3})
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
    assert_error(e, "InvalidParameterValue", 400, message_contains="for parameter RedrivePolicy is invalid")
    assert "RedrivePolicy" not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]


def test_redrive_policy_missing_target(sqs, queue):
    policy = json.dumps({"maxReceiveCount": 5})
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": policy})
    assert_error(e, "InvalidParameterValue", 400,
                 message_contains="Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")


@pytest.mark.parametrize("count", [0, 1001, "invalid"])
def test_redrive_policy_invalid_max_receive_count(sqs, queue_factory, count):
    dlq = queue_factory(prefix="dlq")
    src = queue_factory(prefix="src")
    policy = json.dumps({"deadLetterTargetArn": queue_arn(dlq), "maxReceiveCount": count})
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=src, Attributes={"RedrivePolicy": policy})
    assert_error(e, "InvalidParameterValue", 400)


def test_redrive_policy_type_mismatch_standard_to_fifo(sqs, queue, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedrivePolicy": redrive(fifo_queue)})
    assert_error(e, "InvalidParameterValue", 400)


def test_redrive_policy_type_mismatch_fifo_to_standard(sqs, queue, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=fifo_queue, Attributes={"RedrivePolicy": redrive(queue)})
    assert_error(e, "InvalidParameterValue", 400)


# --- RedriveAllowPolicy -----------------------------------------------------------------------------

def _refused(err):
    resp = err.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400, resp
    assert resp["Error"]["Code"] in ("InvalidParameterValue", "InvalidAttributeValue"), resp


def test_redrive_allow_policy_deny_all(sqs, queue_factory):
    dlq = queue_factory(prefix="dlq", attributes={
        "RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
    got = json.loads(sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["RedriveAllowPolicy"])
                     ["Attributes"]["RedriveAllowPolicy"])
    assert got == {"redrivePermission": "denyAll"}
    src = queue_factory(prefix="src")
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=src, Attributes={"RedrivePolicy": redrive(dlq)})
    _refused(e)
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq).get("queueUrls", []) == []


def test_redrive_allow_policy_by_queue(sqs, queue_factory):
    allowed = queue_factory(prefix="allowed")
    other = queue_factory(prefix="other")
    dlq = queue_factory(prefix="dlq", attributes={"RedriveAllowPolicy": json.dumps(
        {"redrivePermission": "byQueue", "sourceQueueArns": [queue_arn(allowed)]})})
    sqs.set_queue_attributes(QueueUrl=allowed, Attributes={"RedrivePolicy": redrive(dlq)})
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=other, Attributes={"RedrivePolicy": redrive(dlq)})
    _refused(e)
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [allowed]


def test_redrive_allow_policy_allow_all(sqs, queue_factory):
    dlq = queue_factory(prefix="dlq", attributes={
        "RedriveAllowPolicy": json.dumps({"redrivePermission": "allowAll"})})
    src = queue_factory(prefix="src", attributes={"RedrivePolicy": redrive(dlq)})
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [src]


@pytest.mark.parametrize(
    "policy",
    [
        {"redrivePermission": "byQueue",
         "sourceQueueArns": [f"arn:aws:sqs:us-east-1:000000000000:q{i}" for i in range(11)]},
        {"redrivePermission": "allowAll", "sourceQueueArns": ["arn:aws:sqs:us-east-1:000000000000:q"]},
        {"redrivePermission": "sometimes"},
        {"redrivePermission": "byQueue"},
    ],
    ids=["11-arns", "arns-with-allowAll", "bad-permission", "byQueue-without-arns"],
)
def test_redrive_allow_policy_invalid(sqs, queue, policy):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"RedriveAllowPolicy": json.dumps(policy)})
    _refused(e)


# --- message move tasks -------------------------------------------------------------------------

def _tasks(sqs, source_arn, **kw):
    return sqs.list_message_move_tasks(SourceArn=source_arn, **kw)["Results"]


def _wait_status(sqs, source_arn, statuses, timeout=10):
    def check():
        results = _tasks(sqs, source_arn)
        return results if results and results[0]["Status"] in statuses else None
    results = wait_until(check, timeout=timeout, interval=0.2)
    assert results, _tasks(sqs, source_arn)
    return results[0]


def test_move_task_back_to_original_source(sqs, dlq_pair):
    src, dlq = dlq_pair
    for i in range(3):
        sqs.send_message(QueueUrl=src, MessageBody=f"m{i}")
    dead_letter(sqs, src, dlq, 3)

    handle = sqs.start_message_move_task(SourceArn=queue_arn(dlq))["TaskHandle"]
    assert handle
    task = _wait_status(sqs, queue_arn(dlq), {"COMPLETED"})
    assert task["SourceArn"] == queue_arn(dlq)
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert task["ApproximateNumberOfMessagesToMove"] == 3
    assert "DestinationArn" not in task
    assert "TaskHandle" not in task  # only while RUNNING
    assert "FailureReason" not in task
    assert isinstance(task["StartedTimestamp"], int)
    assert abs(task["StartedTimestamp"] - time.time() * 1000) < 120_000  # epoch milliseconds

    assert queue_counts(sqs, dlq) == (0, 0, 0)
    back = receive_all(sqs, src, 3, VisibilityTimeout=30)
    assert sorted(m["Body"] for m in back) == ["m0", "m1", "m2"]


def test_move_task_redrives_as_new_messages(sqs, dlq_pair):
    # AWS: redriven messages are new messages, with a new MessageId and enqueue time.
    src, dlq = dlq_pair
    original = sqs.send_message(QueueUrl=src, MessageBody="again")["MessageId"]
    dead_letter(sqs, src, dlq, 1)
    time.sleep(1.1)
    sqs.start_message_move_task(SourceArn=queue_arn(dlq))
    task = _wait_status(sqs, queue_arn(dlq), {"COMPLETED"})
    back = receive_all(sqs, src, 1, VisibilityTimeout=30, MessageSystemAttributeNames=["All"])[0]
    assert back["Body"] == "again"
    assert back["MessageId"] != original
    assert int(back["Attributes"]["SentTimestamp"]) >= task["StartedTimestamp"]
    assert back["Attributes"]["ApproximateReceiveCount"] == "1"
    assert "DeadLetterQueueSourceArn" not in back["Attributes"]


def test_move_task_fails_on_a_message_sent_to_the_dlq_directly(sqs, dlq_pair, queue_factory):
    src, dlq = dlq_pair
    sqs.send_message(QueueUrl=dlq, MessageBody="direct")
    sqs.start_message_move_task(SourceArn=queue_arn(dlq))
    task = _wait_status(sqs, queue_arn(dlq), {"FAILED", "COMPLETED"})
    assert task["Status"] == "FAILED"
    assert task["FailureReason"] == "CouldNotDetermineMessageSource"
    assert queue_counts(sqs, dlq)[0] == 1
    # A custom destination takes it.
    dest = queue_factory(prefix="dest")
    sqs.start_message_move_task(SourceArn=queue_arn(dlq), DestinationArn=queue_arn(dest))
    assert _wait_status(sqs, queue_arn(dlq), {"COMPLETED"})["ApproximateNumberOfMessagesMoved"] == 1
    assert [m["Body"] for m in receive_all(sqs, dest, 1)] == ["direct"]


def test_move_task_to_destination(sqs, dlq_pair, queue_factory):
    src, dlq = dlq_pair
    dest = queue_factory(prefix="dest")
    for i in range(2):
        sqs.send_message(QueueUrl=src, MessageBody=f"d{i}")
    dead_letter(sqs, src, dlq, 2)
    sqs.start_message_move_task(SourceArn=queue_arn(dlq), DestinationArn=queue_arn(dest))
    task = _wait_status(sqs, queue_arn(dlq), {"COMPLETED"})
    assert task["DestinationArn"] == queue_arn(dest)
    assert task["ApproximateNumberOfMessagesMoved"] == 2
    assert sorted(m["Body"] for m in receive_all(sqs, dest, 2)) == ["d0", "d1"]
    assert queue_counts(sqs, src) == (0, 0, 0)


def test_move_task_running_second_start_and_cancel(sqs, dlq_pair, queue_factory):
    src, dlq = dlq_pair
    dest = queue_factory(prefix="dest")
    sqs.send_message_batch(QueueUrl=src, Entries=[{"Id": str(i), "MessageBody": f"r{i}"} for i in range(6)])
    dead_letter(sqs, src, dlq, 6)
    dlq_arn = queue_arn(dlq)

    handle = sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=queue_arn(dest),
                                         MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    [running] = _tasks(sqs, dlq_arn)
    assert running["Status"] == "RUNNING"
    assert running["TaskHandle"] == handle
    assert running["MaxNumberOfMessagesPerSecond"] == 1
    assert running["ApproximateNumberOfMessagesToMove"] == 6

    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=dlq_arn)
    assert_error(e, "InvalidParameterValue", 400,
                 message="There is already a task running. Only one active task is allowed for a source queue "
                         "arn at a given time.")

    cancelled = sqs.cancel_message_move_task(TaskHandle=handle)
    assert isinstance(cancelled["ApproximateNumberOfMessagesMoved"], int)
    task = _wait_status(sqs, dlq_arn, {"CANCELLED"}, timeout=5)
    assert task["ApproximateNumberOfMessagesMoved"] < 6
    moved = task["ApproximateNumberOfMessagesMoved"]
    time.sleep(1.2)
    # Nothing more moves after cancellation.
    assert queue_counts(sqs, dest)[0] == moved
    assert queue_counts(sqs, dlq)[0] == 6 - moved

    # Only a running task can be cancelled.
    with pytest.raises(ClientError) as e:
        sqs.cancel_message_move_task(TaskHandle=handle)
    status = e.value.response["ResponseMetadata"]["HTTPStatusCode"]
    assert 400 <= status < 500, e.value.response


def test_list_move_tasks_newest_first_and_max_results(sqs, dlq_pair):
    src, dlq = dlq_pair
    dlq_arn = queue_arn(dlq)
    sqs.send_message(QueueUrl=src, MessageBody="one")
    dead_letter(sqs, src, dlq, 1)
    sqs.start_message_move_task(SourceArn=dlq_arn)
    _wait_status(sqs, dlq_arn, {"COMPLETED"})
    dead_letter(sqs, src, dlq, 1)
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=100)
    _wait_status(sqs, dlq_arn, {"COMPLETED"})

    assert len(_tasks(sqs, dlq_arn)) == 1  # default MaxResults is 1
    both = _tasks(sqs, dlq_arn, MaxResults=10)
    assert len(both) == 2
    assert both[0]["StartedTimestamp"] >= both[1]["StartedTimestamp"]
    assert both[0].get("MaxNumberOfMessagesPerSecond") == 100
    assert "MaxNumberOfMessagesPerSecond" not in both[1]


def test_start_move_task_source_not_a_dlq(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn(queue))
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="Source queue must be configured as a Dead Letter Queue.")


def test_start_move_task_source_missing(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn_for(name_factory("nosrc")))
    assert_error(e, "ResourceNotFoundException", 404, query_code="ResourceNotFoundException")


def test_start_move_task_destination_missing(sqs, dlq_pair, name_factory):
    src, dlq = dlq_pair
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn(dlq),
                                    DestinationArn=queue_arn_for(name_factory("nodest")))
    assert_error(e, "ResourceNotFoundException", 404,
                 message="The resource that you specified for the DestinationArn parameter doesn't exist.")


def test_start_move_task_destination_is_source(sqs, dlq_pair):
    src, dlq = dlq_pair
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn(dlq), DestinationArn=queue_arn(dlq))
    assert_error(e, "InvalidParameterValue", 400)
    assert sqs.list_message_move_tasks(SourceArn=queue_arn(dlq))["Results"] == []


def test_start_move_task_destination_of_another_type(sqs, dlq_pair, fifo_queue_factory):
    src, dlq = dlq_pair
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn(dlq), DestinationArn=queue_arn(fifo_queue_factory()))
    assert_error(e, "InvalidParameterValue", 400)


def test_start_move_task_rate_above_500(sqs, dlq_pair):
    src, dlq = dlq_pair
    with pytest.raises(ClientError) as e:
        sqs.start_message_move_task(SourceArn=queue_arn(dlq), MaxNumberOfMessagesPerSecond=501)
    assert_error(e, "InvalidParameterValue", 400)


def test_cancel_move_task_invalid_handle(sqs):
    with pytest.raises(ClientError) as e:
        sqs.cancel_message_move_task(TaskHandle="not-a-task-handle")
    assert_error(e, "InvalidParameterValue", 400, message="Value for parameter TaskHandle is invalid.")


def test_list_move_tasks_source_missing(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.list_message_move_tasks(SourceArn=queue_arn_for(name_factory("nolist")))
    assert_error(e, "ResourceNotFoundException", 404)


def test_list_move_tasks_none_yet(sqs, dlq_pair):
    src, dlq = dlq_pair
    assert sqs.list_message_move_tasks(SourceArn=queue_arn(dlq)).get("Results", []) == []
