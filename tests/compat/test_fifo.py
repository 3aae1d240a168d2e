"""FIFO queues: ordering, message-group blocking, deduplication, FIFO-only parameters and errors."""
import time

import pytest
from botocore.exceptions import ClientError

from sqs_helpers import assert_error, md5_hex, queue_counts, receive_all


def _bodies(resp):
    return [m["Body"] for m in resp.get("Messages", [])]


def _send(sqs, url, body, group="g1", dedup=None, **kw):
    return sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group,
                            MessageDeduplicationId=dedup or body, **kw)


def test_order_within_group_and_sequence_numbers(sqs, fifo_queue):
    sent = [_send(sqs, fifo_queue, f"m{i}") for i in range(5)]
    seqs = [s["SequenceNumber"] for s in sent]
    assert all(s.isdigit() for s in seqs), seqs
    assert [int(s) for s in seqs] == sorted(int(s) for s in seqs)
    assert len(set(seqs)) == 5
    for s, i in zip(sent, range(5)):
        assert s["MD5OfMessageBody"] == md5_hex(f"m{i}")

    resp = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
    msgs = resp["Messages"]
    assert [m["Body"] for m in msgs] == [f"m{i}" for i in range(5)]
    for m, s in zip(msgs, sent):
        assert m["MessageId"] == s["MessageId"]
        assert m["Attributes"]["SequenceNumber"] == s["SequenceNumber"]
        assert m["Attributes"]["MessageGroupId"] == "g1"
        assert m["Attributes"]["MessageDeduplicationId"] == m["Body"]
        assert m["Attributes"]["ApproximateReceiveCount"] == "1"


def test_sequence_number_only_on_fifo(sqs, queue, fifo_queue):
    assert "SequenceNumber" in _send(sqs, fifo_queue, "x")
    assert "SequenceNumber" not in sqs.send_message(QueueUrl=queue, MessageBody="x")


def test_group_blocked_while_in_flight_other_groups_delivered(sqs, fifo_queue):
    for i in range(1, 5):
        _send(sqs, fifo_queue, f"g1-m{i}", group="g1")
    _send(sqs, fifo_queue, "g2-m1", group="g2")

    first = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=2)
    assert _bodies(first) == ["g1-m1", "g1-m2"]
    # Group g1 has messages in flight: only g2 is deliverable.
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1)) == ["g2-m1"]
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == []

    # Deleting one of two in-flight messages keeps the group blocked.
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=first["Messages"][0]["ReceiptHandle"])
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == []

    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=first["Messages"][1]["ReceiptHandle"])
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == ["g1-m3", "g1-m4"]


def test_group_released_by_visibility_change(sqs, fifo_queue):
    _send(sqs, fifo_queue, "g1-m1", group="g1")
    _send(sqs, fifo_queue, "g1-m2", group="g1")
    _send(sqs, fifo_queue, "g2-m1", group="g2")
    resp = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=2)
    assert _bodies(resp) == ["g1-m1", "g1-m2"]
    sqs.change_message_visibility(QueueUrl=fifo_queue, ReceiptHandle=resp["Messages"][0]["ReceiptHandle"],
                                  VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=3, WaitTimeSeconds=1)
    assert sorted(_bodies(again)) == ["g1-m1", "g2-m1"]


def test_order_kept_after_visibility_timeout(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"VisibilityTimeout": "1"})
    for i in range(3):
        _send(sqs, url, f"message-{i}")
    expected = [f"message-{i}" for i in range(3)]
    assert _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)) == expected
    time.sleep(1.5)
    assert _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=2)) == expected


def test_batch_send_keeps_order(sqs, fifo_queue):
    resp = sqs.send_message_batch(QueueUrl=fifo_queue, Entries=[
        {"Id": f"e{i}", "MessageBody": f"b{i}", "MessageGroupId": "g", "MessageDeduplicationId": f"d{i}"}
        for i in range(5)])
    assert resp.get("Failed", []) == []
    seqs = [int(r["SequenceNumber"]) for r in sorted(resp["Successful"], key=lambda r: r["Id"])]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)) == [f"b{i}" for i in range(5)]


# --- deduplication -----------------------------------------------------------------------------

def test_dedup_by_message_deduplication_id(sqs, fifo_queue):
    first = _send(sqs, fifo_queue, "original", dedup="same-id")
    dup = _send(sqs, fifo_queue, "duplicate", dedup="same-id")
    assert dup["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert dup["MessageId"]
    msgs = receive_all(sqs, fifo_queue, 2, timeout=2)
    assert [m["Body"] for m in msgs] == ["original"]
    assert msgs[0]["MessageId"] == first["MessageId"]


def test_content_based_dedup(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"ContentBasedDeduplication": "true"})
    item = '{"foo": "bar"}'
    sqs.send_message(QueueUrl=url, MessageBody=item, MessageGroupId="group-1")
    sqs.send_message(QueueUrl=url, MessageBody=item, MessageGroupId="group-1")
    sqs.send_message(QueueUrl=url, MessageBody=item + " ", MessageGroupId="group-1")
    msgs = receive_all(sqs, url, 3, timeout=2)
    assert [m["Body"] for m in msgs] == [item, item + " "]


def test_dedup_applies_across_groups_with_queue_scope(sqs, fifo_queue):
    _send(sqs, fifo_queue, '{"foo": "bar"}', group="group-1", dedup="dedup1")
    _send(sqs, fifo_queue, '{"foo": "bar"}', group="group-2", dedup="dedup1")
    msgs = receive_all(sqs, fifo_queue, 2, timeout=2)
    assert len(msgs) == 1


@pytest.mark.parametrize("content_based", [True, False], ids=["content-based", "explicit-id"])
def test_dedup_still_applies_after_delete(sqs, fifo_queue_factory, content_based):
    attrs = {"ContentBasedDeduplication": "true"} if content_based else {}
    url = fifo_queue_factory(attributes=attrs)
    kwargs = {} if content_based else {"MessageDeduplicationId": "dedup1"}
    item = '{"foo": "bar"}'
    sqs.send_message(QueueUrl=url, MessageBody=item, MessageGroupId="group-1", **kwargs)
    resp = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2)
    assert _bodies(resp) == [item]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=resp["Messages"][0]["ReceiptHandle"])
    sqs.send_message(QueueUrl=url, MessageBody=item, MessageGroupId="group-1", **kwargs)
    assert _bodies(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)) == []


def test_deduplication_scope_message_group(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"DeduplicationScope": "messageGroup",
                                         "FifoThroughputLimit": "perMessageGroupId"})
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["DeduplicationScope", "FifoThroughputLimit"])
    assert attrs["Attributes"] == {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}
    _send(sqs, url, "g1-a", group="g1", dedup="same")
    _send(sqs, url, "g1-b", group="g1", dedup="same")   # duplicate within g1
    _send(sqs, url, "g2-a", group="g2", dedup="same")   # same id, other group: not a duplicate
    msgs = receive_all(sqs, url, 3, timeout=2)
    assert sorted(m["Body"] for m in msgs) == ["g1-a", "g2-a"]


def test_purge_clears_deduplication(sqs, fifo_queue):
    _send(sqs, fifo_queue, "message-1", dedup="dd")
    sqs.purge_queue(QueueUrl=fifo_queue)
    _send(sqs, fifo_queue, "message-2", dedup="dd")
    assert _bodies(sqs.receive_message(QueueUrl=fifo_queue, WaitTimeSeconds=1)) == ["message-2"]


# --- FIFO-only parameters and their errors ---------------------------------------------------

def test_per_message_delay_refused(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"ContentBasedDeduplication": "true"})
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="message-1", MessageGroupId="1", DelaySeconds=2)
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter "
                         "that is not valid for this queue type.")
    # DelaySeconds=0 is accepted.
    sent = sqs.send_message(QueueUrl=url, MessageBody="Hello World!", MessageGroupId="1", DelaySeconds=0)
    got = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]
    assert got["MD5OfBody"] == sent["MD5OfMessageBody"]


def test_queue_delay_applies_to_fifo(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"ContentBasedDeduplication": "true", "DelaySeconds": "1"})
    for i in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=f"message-{i}", MessageGroupId="1")
    assert _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3)) == []
    time.sleep(1.5)
    assert _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3, WaitTimeSeconds=2)) == [
        "message-0", "message-1", "message-2"]


def test_message_group_id_required(sqs, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageDeduplicationId="d")
    assert_error(e, "MissingParameter", 400, query_code="MissingRequiredParameterException",
                 message="The request must contain the parameter MessageGroupId.")


def test_deduplication_id_required_without_content_based(sqs, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=fifo_queue, MessageBody="x", MessageGroupId="g")
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="The queue should either have ContentBasedDeduplication enabled or "
                         "MessageDeduplicationId provided explicitly")


def test_batch_missing_deduplication_id(sqs, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message_batch(QueueUrl=fifo_queue, Entries=[
            {"Id": "a", "MessageBody": "messageBody", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
            {"Id": "b", "MessageBody": "messageBody", "MessageGroupId": "g"},
        ])
    assert_error(e, "InvalidParameterValue", 400,
                 message="The queue should either have ContentBasedDeduplication enabled or "
                         "MessageDeduplicationId provided explicitly")
    assert queue_counts(sqs, fifo_queue) == (0, 0, 0)


def test_batch_missing_message_group_id(sqs, fifo_queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message_batch(QueueUrl=fifo_queue, Entries=[
            {"Id": "a", "MessageBody": "messageBody", "MessageGroupId": "g", "MessageDeduplicationId": "d1"},
            {"Id": "b", "MessageBody": "messageBody", "MessageDeduplicationId": "d2"},
        ])
    assert_error(e, "InvalidParameterValue", 400,
                 message="The request must contain the parameter MessageGroupId.")
    assert queue_counts(sqs, fifo_queue) == (0, 0, 0)


def test_delete_with_expired_receipt_handle(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"VisibilityTimeout": "1", "ContentBasedDeduplication": "true"})
    sqs.send_message(QueueUrl=url, MessageBody="g1-m1", MessageGroupId="1")
    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    time.sleep(1.5)
    with pytest.raises(ClientError) as e:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message=f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle "
                         f"has expired.")
    # The message was not deleted.
    assert _bodies(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)) == ["g1-m1"]


def test_receive_request_attempt_id_returns_same_messages(sqs, fifo_queue):
    _send(sqs, fifo_queue, "g1-m1", group="g1")
    _send(sqs, fifo_queue, "g2-m1", group="g2")
    first = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1, ReceiveRequestAttemptId="attempt-1")
    retry = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=1, ReceiveRequestAttemptId="attempt-1")
    assert [m["MessageId"] for m in retry["Messages"]] == [m["MessageId"] for m in first["Messages"]]
    assert [m["ReceiptHandle"] for m in retry["Messages"]] == [m["ReceiptHandle"] for m in first["Messages"]]
