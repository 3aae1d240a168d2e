"""Messages on standard queues: SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility,
their batch forms, attributes and MD5 digests, visibility, delays, long polling and limits."""
import threading
import time

import pytest
from botocore.exceptions import ClientError

from sqs_helpers import (
    assert_error,
    md5_hex,
    md5_of_attributes,
    queue_counts,
    receive_all,
)

MIB = 1024 * 1024
GARBAGE_HANDLE = "garbage"


def _only(resp):
    msgs = resp.get("Messages", [])
    assert len(msgs) == 1, resp
    return msgs[0]


# --- send / receive / delete ----------------------------------------------------------------

def test_send_receive_delete_roundtrip(sqs, queue):
    body = "hello from the compat suite"
    sent = sqs.send_message(QueueUrl=queue, MessageBody=body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    assert sent["MessageId"]
    assert "MD5OfMessageAttributes" not in sent
    assert "SequenceNumber" not in sent

    msg = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))
    assert msg["MessageId"] == sent["MessageId"]
    assert msg["Body"] == body
    assert msg["MD5OfBody"] == md5_hex(body)
    assert msg["ReceiptHandle"]
    assert "MessageAttributes" not in msg
    assert "Attributes" not in msg
    assert queue_counts(sqs, queue) == (0, 1, 0)

    sqs.delete_message(QueueUrl=queue, ReceiptHandle=msg["ReceiptHandle"])
    assert queue_counts(sqs, queue) == (0, 0, 0)
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []


@pytest.mark.parametrize(
    "body",
    ['"&quot;&quot;\r', "{\r\n\"machineID\" : \"d357\"}", "tab\tnew\nline", "ünïcödé ✓ 漢字 🎉 \U0010FFFD",
     "<xml attr='1'>&amp;</xml>", " "],
    ids=["entities", "crlf-json", "whitespace", "unicode", "xml", "space"],
)
def test_body_roundtrip_exact(sqs, queue, body):
    sent = sqs.send_message(QueueUrl=queue, MessageBody=body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    msg = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))
    assert msg["Body"] == body
    assert msg["MD5OfBody"] == md5_hex(body)


def test_md5_known_vectors(sqs, queue):
    sent = sqs.send_message(QueueUrl=queue, MessageBody="msg",
                            MessageAttributes={"Foo": {"DataType": "String", "StringValue": "Bar"}})
    assert sent["MD5OfMessageBody"] == "6e2baaf3b97dbeef01c0043275f9a0e7"
    assert sent["MD5OfMessageAttributes"] == "ae7155c6026991b6d54b11589678bf9c"


def test_message_attributes_all_types_and_md5(sqs, queue):
    attrs = {
        "s": {"DataType": "String", "StringValue": "hello wörld"},
        "n": {"DataType": "Number", "StringValue": "42"},
        "neg": {"DataType": "Number", "StringValue": "-3.14"},
        "bin": {"DataType": "Binary", "BinaryValue": bytes(range(256))},
        "custom.str": {"DataType": "String.custom", "StringValue": "x"},
        "custom.num": {"DataType": "Number.float", "StringValue": "1.5"},
        "custom.bin": {"DataType": "Binary.gif", "BinaryValue": b"GIF89a\x00\x01"},
        "trace": {"DataType": "Binary",
                  "BinaryValue": b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"},
    }
    sent = sqs.send_message(QueueUrl=queue, MessageBody="typed", MessageAttributes=attrs)
    expected_md5 = md5_of_attributes(attrs)
    assert sent["MD5OfMessageAttributes"] == expected_md5

    msg = _only(sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], WaitTimeSeconds=1))
    assert msg["MessageAttributes"] == attrs
    assert msg["MD5OfMessageAttributes"] == expected_md5
    assert md5_of_attributes(msg["MessageAttributes"]) == msg["MD5OfMessageAttributes"]


def test_binary_attribute_known_vector(sqs, queue):
    attrs = {"attr1": {"DataType": "Binary",
                       "BinaryValue": b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"}}
    sqs.send_message(QueueUrl=queue, MessageBody="test", MessageAttributes=attrs)
    msg = _only(sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"], WaitTimeSeconds=1))
    assert msg["MD5OfBody"] == "098f6bcd4621d373cade4e832627b4f6"
    assert msg["MD5OfMessageAttributes"] == "8cbe4db156db8a94db8b801b7addb984"
    assert msg["MessageAttributes"] == attrs


def test_message_attribute_names_filters(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    sqs.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes={
        "Help.Me": {"DataType": "String", "StringValue": "Me"},
        "Hello": {"DataType": "String", "StringValue": "There"},
        "General": {"DataType": "String", "StringValue": "Kenobi"},
    })

    def receive(names):
        kwargs = {"MessageAttributeNames": names} if names is not None else {}
        return _only(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, **kwargs))

    for names in (None, []):
        m = receive(names)
        assert "MessageAttributes" not in m and "MD5OfMessageAttributes" not in m

    for names in (["All"], [".*"]):
        m = receive(names)
        assert set(m["MessageAttributes"]) == {"Help.Me", "Hello", "General"}, names
        assert m["MD5OfMessageAttributes"] == "4c360f3fdafd970e05fae2f149d997f5", names

    m = receive(["Hello", "General"])
    assert set(m["MessageAttributes"]) == {"Hello", "General"}
    assert m["MD5OfMessageAttributes"] == "fca026605781cb4126a1e9044df24232"

    m = receive(["Foo", "Hello"])
    assert set(m["MessageAttributes"]) == {"Hello"}
    assert m["MD5OfMessageAttributes"] == "a311262e065454b75da111d535b8dacd"

    m = receive(["Foo", "Help"])
    assert m.get("MessageAttributes", {}) == {}
    assert "MD5OfMessageAttributes" not in m


def test_message_attribute_names_asterisk_selects_all(sqs, queue):
    """Recorded from AWS: MessageAttributeNames=["*"] behaves like "All"."""
    attrs = {"Hello": {"DataType": "String", "StringValue": "There"},
             "General": {"DataType": "String", "StringValue": "Kenobi"}}
    sqs.send_message(QueueUrl=queue, MessageBody="msg", MessageAttributes=attrs)
    m = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1, MessageAttributeNames=["*"]))
    assert m.get("MessageAttributes") == attrs
    assert m["MD5OfMessageAttributes"] == md5_of_attributes(attrs)


def test_message_attribute_name_prefix_filter(sqs, queue_factory):
    """`prefix.*` selects every attribute whose name starts with `prefix` (AWS: "Hel.*" returns Hello and
    Help.Me)."""
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    sqs.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes={
        "Help.Me": {"DataType": "String", "StringValue": "Me"},
        "Hello": {"DataType": "String", "StringValue": "There"},
        "General": {"DataType": "String", "StringValue": "Kenobi"},
    })

    def receive(names):
        return _only(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MessageAttributeNames=names))

    m = receive(["Help.*"])
    assert set(m.get("MessageAttributes", {})) == {"Help.Me"}
    m = receive(["Hel.*"])
    assert set(m.get("MessageAttributes", {})) == {"Hello", "Help.Me"}
    assert m["MD5OfMessageAttributes"] == "83fee93c1bcd8b9a5a923ffacdc636c7"


def test_empty_string_attribute_rejected(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="test",
                         MessageAttributes={"ErrorDetails": {"StringValue": "", "DataType": "String"}})
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.")


def test_invalid_characters_in_string_attribute_rejected(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="test", MessageAttributes={
            "attr1": {"StringValue": f"Invalid-{chr(8)},{chr(11)}", "DataType": "String"}})
    assert_error(e, "InvalidParameterValue", 400)


@pytest.mark.parametrize(
    "attrs",
    [
        {"AWS.reserved": {"DataType": "String", "StringValue": "v"}},
        {"Amazon.reserved": {"DataType": "String", "StringValue": "v"}},
        {".leading": {"DataType": "String", "StringValue": "v"}},
        {"trailing.": {"DataType": "String", "StringValue": "v"}},
        {"bad!name": {"DataType": "String", "StringValue": "v"}},
        {"L" * 257: {"DataType": "String", "StringValue": "v"}},
        {"t": {"DataType": "Invalid", "StringValue": "v"}},
        {"n": {"DataType": "Number", "StringValue": "not-a-number"}},
        {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)},
    ],
    ids=["aws-prefix", "amazon-prefix", "leading-dot", "trailing-dot", "bad-char", "257-chars",
         "bad-type", "bad-number", "11-attributes"],
)
def test_invalid_message_attributes_rejected(sqs, queue, attrs):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes=attrs)
    err = e.value.response
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400, err
    assert err["Error"]["Code"].startswith("Invalid"), err
    assert queue_counts(sqs, queue) == (0, 0, 0)


# --- system attributes --------------------------------------------------------------------

def test_system_attributes(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    before_ms = int(time.time() * 1000)
    sqs.send_message(QueueUrl=url, MessageBody="sys")
    m1 = _only(sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"], WaitTimeSeconds=1))
    a1 = m1["Attributes"]
    assert {"SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"} <= set(a1)
    assert "SequenceNumber" not in a1 and "MessageGroupId" not in a1 and "DeadLetterQueueSourceArn" not in a1
    assert a1["ApproximateReceiveCount"] == "1"
    assert a1["SenderId"]
    # Message timestamps are epoch milliseconds.
    sent_ts = int(a1["SentTimestamp"])
    assert abs(sent_ts - before_ms) < 60_000, a1
    assert int(a1["ApproximateFirstReceiveTimestamp"]) >= sent_ts

    m2 = _only(sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"], WaitTimeSeconds=1))
    a2 = m2["Attributes"]
    assert a2["ApproximateReceiveCount"] == "2"
    assert a2["ApproximateFirstReceiveTimestamp"] == a1["ApproximateFirstReceiveTimestamp"]
    assert a2["SentTimestamp"] == a1["SentTimestamp"]


def test_system_attribute_selection_with_deprecated_attribute_names(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    sqs.send_message(QueueUrl=url, MessageBody="msg")
    m = _only(sqs.receive_message(QueueUrl=url, AttributeNames=["SenderId"], WaitTimeSeconds=1))
    assert set(m["Attributes"]) == {"SenderId"}
    m = _only(sqs.receive_message(QueueUrl=url, AttributeNames=["SenderId", "SequenceNumber"], WaitTimeSeconds=1))
    assert set(m["Attributes"]) == {"SenderId"}
    m = _only(sqs.receive_message(QueueUrl=url, AttributeNames=["All"], WaitTimeSeconds=1))
    assert m["Attributes"]["ApproximateReceiveCount"] == "3"


def test_aws_trace_header(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    user_attrs = {"timestamp": {"StringValue": "1493147359900", "DataType": "Number"}}
    plain = sqs.send_message(QueueUrl=url, MessageBody="test", MessageAttributes=user_attrs)
    traced = sqs.send_message(
        QueueUrl=url, MessageBody="test", MessageAttributes=user_attrs,
        MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": trace}},
    )
    assert traced["MD5OfMessageAttributes"] == plain["MD5OfMessageAttributes"] == md5_of_attributes(user_attrs)
    assert "MD5OfMessageSystemAttributes" not in plain
    assert traced["MD5OfMessageSystemAttributes"] == "5ae4d5d7636402d80f4eb6d213245a88"

    msgs = receive_all(sqs, url, 2, MessageSystemAttributeNames=["AWSTraceHeader"], VisibilityTimeout=30)
    by_id = {m["MessageId"]: m for m in msgs}
    assert by_id[traced["MessageId"]]["Attributes"] == {"AWSTraceHeader": trace}
    assert by_id[plain["MessageId"]].get("Attributes", {}) == {}


# --- visibility ---------------------------------------------------------------------------

def test_visibility_timeout_expiry(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "1"})
    sqs.send_message(QueueUrl=url, MessageBody="vt")
    first = _only(sqs.receive_message(QueueUrl=url))
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    t0 = time.monotonic()
    second = _only(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=3, MessageSystemAttributeNames=["All"]))
    assert time.monotonic() - t0 < 2.5
    assert second["MessageId"] == first["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"


def test_receive_visibility_timeout_overrides_queue(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="vt0")
    first = _only(sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0))
    second = _only(sqs.receive_message(QueueUrl=queue, VisibilityTimeout=30))
    assert first["MessageId"] == second["MessageId"]
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []


def test_zero_visibility_receive_returns_each_message_once(sqs, queue_factory):
    # Fewer messages than asked for, made visible again at once: still one copy of each.
    url = queue_factory(attributes={"VisibilityTimeout": "0"})
    for body in ("a", "b", "c"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                   MessageSystemAttributeNames=["ApproximateReceiveCount"])["Messages"]
    assert sorted(m["Body"] for m in messages) == ["a", "b", "c"]
    assert [m["Attributes"]["ApproximateReceiveCount"] for m in messages] == ["1", "1", "1"]


def test_change_message_visibility(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="cmv")
    m = _only(sqs.receive_message(QueueUrl=queue))  # default 30 s
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
    m2 = _only(sqs.receive_message(QueueUrl=queue))
    assert m2["MessageId"] == m["MessageId"]
    # Making it visible again is not permanent: the new receive hid it again.
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []

    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=m2["ReceiptHandle"], VisibilityTimeout=1)
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []
    t0 = time.monotonic()
    m3 = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=3))
    assert time.monotonic() - t0 < 2.5
    assert m3["MessageId"] == m["MessageId"]


def test_change_message_visibility_extends_timeout(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "1"})
    sqs.send_message(QueueUrl=url, MessageBody="extend")
    m = _only(sqs.receive_message(QueueUrl=url))
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=4)
    time.sleep(1.5)
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []


def test_change_message_visibility_after_expiry_succeeds(sqs, queue_factory):
    url = queue_factory(attributes={"VisibilityTimeout": "1"})
    sqs.send_message(QueueUrl=url, MessageBody="late")
    m = _only(sqs.receive_message(QueueUrl=url))
    time.sleep(1.5)
    resp = sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=1)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_change_message_visibility_on_deleted_message(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="foo")
    handle = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=42)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    with pytest.raises(ClientError) as e:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=42)
    assert_error(e, "InvalidParameterValue", 400,
                 message=f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not "
                         f"exist or is not available for visibility timeout change.")


def test_change_message_visibility_out_of_range(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="range")
    handle = _only(sqs.receive_message(QueueUrl=queue))["ReceiptHandle"]
    with pytest.raises(ClientError) as e:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=43201)
    assert_error(e, "InvalidParameterValue", 400)
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=43000)


def test_change_message_visibility_invalid_handle(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=GARBAGE_HANDLE, VisibilityTimeout=60)
    assert_error(e, "ReceiptHandleIsInvalid", 404, query_code="ReceiptHandleIsInvalid")


def test_change_message_visibility_batch(sqs, queue):
    sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": "a"}, {"Id": "b", "MessageBody": "b"}])
    msgs = receive_all(sqs, queue, 2)
    assert len(msgs) == 2
    by_body = {m["Body"]: m for m in msgs}
    resp = sqs.change_message_visibility_batch(QueueUrl=queue, Entries=[
        {"Id": "show", "ReceiptHandle": by_body["a"]["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "keep", "ReceiptHandle": by_body["b"]["ReceiptHandle"], "VisibilityTimeout": 60},
        {"Id": "bad", "ReceiptHandle": GARBAGE_HANDLE, "VisibilityTimeout": 0},
    ])
    assert sorted(e["Id"] for e in resp["Successful"]) == ["keep", "show"]
    [failed] = resp["Failed"]
    assert failed["Id"] == "bad"
    assert failed["SenderFault"] is True
    assert failed["Code"] == "ReceiptHandleIsInvalid"
    again = _only(sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10))
    assert again["Body"] == "a"


# --- delete ---------------------------------------------------------------------------------

def test_delete_twice_succeeds(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="foo")
    handle = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))["ReceiptHandle"]
    for _ in range(3):
        assert sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_delete_with_expired_receipt_handle_standard(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="test")
    handle = _only(sqs.receive_message(QueueUrl=queue, VisibilityTimeout=1))["ReceiptHandle"]
    time.sleep(1.5)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    assert queue_counts(sqs, queue)[0] == 0


def test_delete_with_superseded_receipt_handle_standard(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="old handle")
    old = _only(sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0))["ReceiptHandle"]
    new = _only(sqs.receive_message(QueueUrl=queue, VisibilityTimeout=30))["ReceiptHandle"]
    assert old != new
    resp = sqs.delete_message(QueueUrl=queue, ReceiptHandle=old)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_delete_with_invalid_receipt_handle(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=GARBAGE_HANDLE)
    assert_error(e, "ReceiptHandleIsInvalid", 404, query_code="ReceiptHandleIsInvalid",
                 message='The input receipt handle "garbage" is not a valid receipt handle.')


def test_delete_message_batch(sqs, queue):
    sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(3)])
    msgs = receive_all(sqs, queue, 3)
    assert len(msgs) == 3
    entries = [{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(msgs)]
    entries.append({"Id": "bad", "ReceiptHandle": GARBAGE_HANDLE})
    resp = sqs.delete_message_batch(QueueUrl=queue, Entries=entries)
    assert sorted(e["Id"] for e in resp["Successful"]) == ["d0", "d1", "d2"]
    [failed] = resp["Failed"]
    assert failed["Id"] == "bad" and failed["SenderFault"] is True
    assert failed["Code"] == "ReceiptHandleIsInvalid"
    assert queue_counts(sqs, queue) == (0, 0, 0)


# --- delays ---------------------------------------------------------------------------------

def test_per_message_delay(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="later", DelaySeconds=2)
    sqs.send_message(QueueUrl=queue, MessageBody="now")
    assert queue_counts(sqs, queue) == (1, 0, 1)
    first = _only(sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10))
    assert first["Body"] == "now"
    t0 = time.monotonic()
    later = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=4, MaxNumberOfMessages=10))
    elapsed = time.monotonic() - t0
    assert later["Body"] == "later"
    assert 0.8 < elapsed < 3.5, elapsed


def test_queue_delay_and_per_message_override(sqs, queue_factory):
    url = queue_factory(attributes={"DelaySeconds": "2"})
    sqs.send_message(QueueUrl=url, MessageBody="queue-delayed")
    sqs.send_message(QueueUrl=url, MessageBody="not-delayed", DelaySeconds=0)
    first = _only(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10))
    assert first["Body"] == "not-delayed"
    later = _only(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=4, MaxNumberOfMessages=10))
    assert later["Body"] == "queue-delayed"


@pytest.mark.parametrize("delay", [-1, 901])
def test_per_message_delay_out_of_range(sqs, queue, delay):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="x", DelaySeconds=delay)
    assert_error(e, "InvalidParameterValue", 400)


# --- long polling ------------------------------------------------------------------------------

def test_long_poll_returns_when_message_arrives(sqs, other_sqs, queue):
    def send_later():
        time.sleep(0.7)
        other_sqs.send_message(QueueUrl=queue, MessageBody="wake up")

    t = threading.Thread(target=send_later)
    t0 = time.monotonic()
    t.start()
    resp = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=5)
    elapsed = time.monotonic() - t0
    t.join()
    assert _only(resp)["Body"] == "wake up"
    assert 0.5 < elapsed < 3.0, elapsed


def test_long_poll_returns_empty_after_wait(sqs, queue):
    t0 = time.monotonic()
    resp = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2)
    elapsed = time.monotonic() - t0
    assert resp.get("Messages", []) == []
    assert 1.8 <= elapsed < 4.0, elapsed


def test_long_poll_uses_queue_wait_time(sqs, queue_factory):
    url = queue_factory(attributes={"ReceiveMessageWaitTimeSeconds": "1"})
    t0 = time.monotonic()
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    assert 0.9 <= time.monotonic() - t0 < 3.0
    # WaitTimeSeconds=0 in the request overrides the queue's setting.
    t0 = time.monotonic()
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []) == []
    assert time.monotonic() - t0 < 0.8


def test_long_poll_does_not_block_when_messages_present(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="1")
    sqs.send_message(QueueUrl=queue, MessageBody="2")
    t0 = time.monotonic()
    resp = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=3, WaitTimeSeconds=5)
    assert time.monotonic() - t0 < 2
    assert len(resp["Messages"]) >= 1


def test_short_poll_on_empty_queue_is_immediate(sqs, queue):
    t0 = time.monotonic()
    assert sqs.receive_message(QueueUrl=queue).get("Messages", []) == []
    assert time.monotonic() - t0 < 0.8


@pytest.mark.parametrize("wait", [-1, 21])
def test_wait_time_out_of_range(sqs, queue, wait):
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=wait)
    assert_error(e, "InvalidParameterValue", 400)


# --- receive limits -------------------------------------------------------------------------

def test_max_number_of_messages_too_large(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=11)
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, "
                         "if provided.")


def test_max_number_of_messages_zero(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=0)
    assert_error(e, "InvalidParameterValue", 400,
                 message="Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, "
                         "if provided.")


def test_receive_visibility_timeout_out_of_range(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.receive_message(QueueUrl=queue, VisibilityTimeout=43201)
    assert_error(e, "InvalidParameterValue", 400)


def test_receive_defaults_to_one_and_caps_at_ten(sqs, queue):
    for chunk in range(2):
        sqs.send_message_batch(QueueUrl=queue, Entries=[
            {"Id": str(i), "MessageBody": f"m{chunk}-{i}"} for i in range(8)])
    assert len(sqs.receive_message(QueueUrl=queue)["Messages"]) == 1
    resp = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)
    assert 1 <= len(resp["Messages"]) <= 10
    rest = receive_all(sqs, queue, 15 - len(resp["Messages"]))
    bodies = [m["Body"] for m in resp["Messages"] + rest]
    assert len(bodies) == len(set(bodies)) == 15


# --- batches ----------------------------------------------------------------------------------

def test_send_message_batch_ten_entries(sqs, queue):
    entries = []
    for i in range(10):
        e = {"Id": f"id-{i}", "MessageBody": f"body {i}"}
        if i % 2:
            e["MessageAttributes"] = {"i": {"DataType": "Number", "StringValue": str(i)}}
        if i == 9:
            e["DelaySeconds"] = 0
        entries.append(e)
    resp = sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert resp.get("Failed", []) == []
    assert len(resp["Successful"]) == 10
    by_id = {r["Id"]: r for r in resp["Successful"]}
    for e in entries:
        r = by_id[e["Id"]]
        assert r["MD5OfMessageBody"] == md5_hex(e["MessageBody"])
        if "MessageAttributes" in e:
            assert r["MD5OfMessageAttributes"] == md5_of_attributes(e["MessageAttributes"])
        else:
            assert "MD5OfMessageAttributes" not in r
    msgs = receive_all(sqs, queue, 10, MessageAttributeNames=["All"])
    assert sorted(m["MessageId"] for m in msgs) == sorted(r["MessageId"] for r in resp["Successful"])


def test_send_message_batch_with_per_entry_failure(sqs, queue):
    entries = [{"Id": str(i), "MessageBody": str(i)} for i in range(9)]
    entries.append({"Id": "9", "MessageBody": "\x01"})
    resp = sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert len(resp["Successful"]) == 9
    [failed] = resp["Failed"]
    assert failed["Id"] == "9"
    assert failed["Code"] == "InvalidMessageContents"
    assert failed["SenderFault"] is True
    bodies = {m["Body"] for m in receive_all(sqs, queue, 9)}
    assert bodies == {str(i) for i in range(9)}


BATCH_CALLS = {
    "send": lambda sqs, url, entries: sqs.send_message_batch(
        QueueUrl=url, Entries=[{"Id": e, "MessageBody": "x"} for e in entries]),
    "delete": lambda sqs, url, entries: sqs.delete_message_batch(
        QueueUrl=url, Entries=[{"Id": e, "ReceiptHandle": "h"} for e in entries]),
    "change-visibility": lambda sqs, url, entries: sqs.change_message_visibility_batch(
        QueueUrl=url, Entries=[{"Id": e, "ReceiptHandle": "h", "VisibilityTimeout": 1} for e in entries]),
}


@pytest.mark.parametrize("kind", list(BATCH_CALLS))
def test_batch_too_many_entries(sqs, queue, kind):
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[kind](sqs, queue, [f"e{i}" for i in range(11)])
    assert_error(e, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400,
                 query_code="TooManyEntriesInBatchRequest",
                 message="Maximum number of entries per request are 10. You have sent 11.")


@pytest.mark.parametrize("kind", list(BATCH_CALLS))
def test_batch_empty(sqs, queue, kind):
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[kind](sqs, queue, [])
    assert_error(e, "AWS.SimpleQueueService.EmptyBatchRequest", 400, query_code="EmptyBatchRequest")


@pytest.mark.parametrize("kind", list(BATCH_CALLS))
def test_batch_ids_not_distinct(sqs, queue, kind):
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[kind](sqs, queue, ["same", "other", "same"])
    assert_error(e, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, query_code="BatchEntryIdsNotDistinct")
    assert queue_counts(sqs, queue) == (0, 0, 0)


@pytest.mark.parametrize("kind", list(BATCH_CALLS))
@pytest.mark.parametrize("bad_id", ["", "invalid:id", "testLongId" * 9], ids=["empty", "colon", "90-chars"])
def test_batch_invalid_entry_id(sqs, queue, kind, bad_id):
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[kind](sqs, queue, [bad_id])
    assert_error(e, "AWS.SimpleQueueService.InvalidBatchEntryId", 400, query_code="InvalidBatchEntryId",
                 message="A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                         "It can be at most 80 letters long.")


def test_batch_entry_id_of_80_chars_is_valid(sqs, queue):
    resp = sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "A-b_9" * 16, "MessageBody": "x"}])
    assert [s["Id"] for s in resp["Successful"]] == ["A-b_9" * 16]


def test_batch_request_too_long(sqs, queue):
    attrs = {"k": {"DataType": "String", "StringValue": "x"}}  # counts 1 + 6 + 1 = 8 bytes
    with pytest.raises(ClientError) as e:
        sqs.send_message_batch(QueueUrl=queue, Entries=[
            {"Id": "1", "MessageBody": "a" * (MIB - 8), "MessageAttributes": attrs},
            {"Id": "2", "MessageBody": "a"},
        ])
    assert_error(e, "AWS.SimpleQueueService.BatchRequestTooLong", 400, query_code="BatchRequestTooLong")
    assert queue_counts(sqs, queue) == (0, 0, 0)


def test_batch_of_exactly_one_mib_is_accepted(sqs, queue):
    resp = sqs.send_message_batch(QueueUrl=queue, Entries=[
        {"Id": "1", "MessageBody": "a" * (MIB - 1)},
        {"Id": "2", "MessageBody": "b"},
    ])
    assert len(resp["Successful"]) == 2 and resp.get("Failed", []) == []


def test_batch_ignores_queue_maximum_message_size(sqs, queue_factory):
    url = queue_factory(attributes={"MaximumMessageSize": "2048"})
    attrs = {"k": {"DataType": "String", "StringValue": "x"}}
    resp = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "1", "MessageBody": "a" * (2048 - 8), "MessageAttributes": attrs},
        {"Id": "2", "MessageBody": "a"},
    ])
    assert resp.get("Failed", []) == []
    assert len(resp["Successful"]) == 2


# --- size and content limits -------------------------------------------------------------------

def test_one_mib_message_roundtrip(sqs, queue):
    body = ("0123456789abcdef" * (MIB // 16))
    assert len(body) == MIB
    sent = sqs.send_message(QueueUrl=queue, MessageBody=body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    msg = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))
    assert msg["Body"] == body
    assert msg["MD5OfBody"] == md5_hex(body)


def test_message_over_one_mib_rejected(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="a" * (MIB + 1))
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.")


def test_attributes_count_towards_message_size(sqs, queue):
    attrs = {"k": {"DataType": "String", "StringValue": "x"}}  # counts 1 + 6 + 1 = 8 bytes
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="a" * (MIB - 8 + 1), MessageAttributes=attrs)
    assert_error(e, "InvalidParameterValue", 400)
    sqs.send_message(QueueUrl=queue, MessageBody="a" * (MIB - 8), MessageAttributes=attrs)


def test_queue_maximum_message_size(sqs, queue_factory):
    url = queue_factory(attributes={"MaximumMessageSize": "1024"})
    sqs.send_message(QueueUrl=url, MessageBody="a" * 1024)
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="a" * 1025)
    assert_error(e, "InvalidParameterValue", 400)


def test_queue_maximum_message_size_error_text(sqs, queue_factory):
    url = queue_factory(attributes={"MaximumMessageSize": "1024"})
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="a" * 1025)
    assert_error(e, "InvalidParameterValue", 400,
                 message="One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.")


def test_body_of_only_invalid_characters(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=queue, MessageBody="\x00\x01\x08\x0b\x1f\uffff")
    assert_error(e, "InvalidMessageContents", 400, query_code="InvalidMessageContents")
    assert queue_counts(sqs, queue) == (0, 0, 0)


def test_body_with_some_invalid_characters(sqs, queue):
    """AWS rejects the message (InvalidMessageContents) or, per the current API reference, stores it with
    each invalid character replaced by U+FFFD. Delivering the raw control characters is never correct."""
    body = f"Invalid-{chr(0)}-{chr(8)}-{chr(19)}-{chr(65535)}"
    try:
        sqs.send_message(QueueUrl=queue, MessageBody=body)
    except ClientError as e:
        assert_error(e, "InvalidMessageContents", 400)
        assert queue_counts(sqs, queue) == (0, 0, 0)
        return
    msg = _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))
    assert msg["Body"] == "Invalid-\ufffd-\ufffd-\ufffd-\ufffd"
    assert msg["MD5OfBody"] == md5_hex(msg["Body"])


def test_message_group_id_on_standard_queue_is_accepted(sqs, queue):
    sent = sqs.send_message(QueueUrl=queue, MessageBody="fair", MessageGroupId="tenant-1")
    assert "SequenceNumber" not in sent
    assert _only(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))["Body"] == "fair"
