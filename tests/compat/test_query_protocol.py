"""The older query protocol: form-encoded POST with Action=..., XML responses (signed with SigV4
like the older SDKs do)."""
import base64
import xml.etree.ElementTree as ET

import pytest

from sqs_helpers import (
    ENDPOINT,
    XMLNS,
    md5_hex,
    md5_of_attributes,
    queue_counts,
    queue_name,
    queue_url_for,
    raw_query,
)

NS = {"q": XMLNS}


def parse(resp, root_name, status=200):
    assert resp.status_code == status, (resp.status_code, resp.text)
    assert resp.headers.get("Content-Type", "").startswith("text/xml"), resp.headers
    root = ET.fromstring(resp.content)
    assert root.tag == f"{{{XMLNS}}}{root_name}", resp.text
    return root


def text(node, path):
    found = node.find(path, NS)
    return None if found is None else (found.text or "")


def request_id(root):
    rid = text(root, "q:ResponseMetadata/q:RequestId")
    assert rid, ET.tostring(root)
    return rid


def error_of(resp, status):
    root = parse(resp, "ErrorResponse", status)
    err = root.find("q:Error", NS)
    assert err is not None, resp.text
    assert text(root, "q:RequestId"), resp.text
    return {"Type": text(err, "q:Type"), "Code": text(err, "q:Code"), "Message": text(err, "q:Message")}


def name_value_pairs(parent, element):
    return {text(a, "q:Name"): text(a, "q:Value") for a in parent.findall(f"q:{element}", NS)}


def test_query_create_queue(sqs, queue_factory, name_factory):
    name = name_factory("qcreate")
    resp = raw_query({
        "Action": "CreateQueue", "QueueName": name,
        "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "45",
        "Attribute.2.Name": "DelaySeconds", "Attribute.2.Value": "1",
        "Tag.1.Key": "team", "Tag.1.Value": "payments",
    })
    root = parse(resp, "CreateQueueResponse")
    url = text(root, "q:CreateQueueResult/q:QueueUrl")
    queue_factory.urls.append(url)  # cleaned up by the fixture
    assert url == queue_url_for(name)
    request_id(root)
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "DelaySeconds"])
    assert attrs["Attributes"] == {"VisibilityTimeout": "45", "DelaySeconds": "1"}
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "payments"}


def test_query_get_queue_url_and_list_queues(queue):
    name = queue_name(queue)
    root = parse(raw_query({"Action": "GetQueueUrl", "QueueName": name}), "GetQueueUrlResponse")
    assert text(root, "q:GetQueueUrlResult/q:QueueUrl") == queue
    root = parse(raw_query({"Action": "ListQueues", "QueueNamePrefix": name}), "ListQueuesResponse")
    assert [e.text for e in root.findall("q:ListQueuesResult/q:QueueUrl", NS)] == [queue]


def test_query_send_receive_delete_with_attributes(sqs, queue):
    body = "<b>&amp; 'quoted' \"double\" ünïcödé</b>"
    binary = bytes(range(32))
    attrs = {
        "color": {"DataType": "String", "StringValue": "blue"},
        "count": {"DataType": "Number", "StringValue": "12"},
        "blob": {"DataType": "Binary", "BinaryValue": binary},
        "custom": {"DataType": "String.tag", "StringValue": "t"},
    }
    params = {"Action": "SendMessage", "MessageBody": body}
    for i, (n, v) in enumerate(attrs.items(), start=1):
        params[f"MessageAttribute.{i}.Name"] = n
        params[f"MessageAttribute.{i}.Value.DataType"] = v["DataType"]
        if "BinaryValue" in v:
            params[f"MessageAttribute.{i}.Value.BinaryValue"] = base64.b64encode(v["BinaryValue"]).decode()
        else:
            params[f"MessageAttribute.{i}.Value.StringValue"] = v["StringValue"]
    # Sent to the queue URL itself (path addressing), as older SDKs do.
    root = parse(raw_query(params, url=queue), "SendMessageResponse")
    result = root.find("q:SendMessageResult", NS)
    message_id = text(result, "q:MessageId")
    assert message_id
    assert text(result, "q:MD5OfMessageBody") == md5_hex(body)
    assert text(result, "q:MD5OfMessageAttributes") == md5_of_attributes(attrs)
    assert result.find("q:SequenceNumber", NS) is None
    request_id(root)

    root = parse(raw_query({
        "Action": "ReceiveMessage", "QueueUrl": queue, "AttributeName.1": "All",
        "MessageAttributeName.1": "All", "MaxNumberOfMessages": "10", "WaitTimeSeconds": "1",
    }), "ReceiveMessageResponse")
    msgs = root.findall("q:ReceiveMessageResult/q:Message", NS)
    assert len(msgs) == 1
    msg = msgs[0]
    assert text(msg, "q:MessageId") == message_id
    assert text(msg, "q:Body") == body
    assert text(msg, "q:MD5OfBody") == md5_hex(body)
    handle = text(msg, "q:ReceiptHandle")
    assert handle
    sys_attrs = name_value_pairs(msg, "Attribute")
    assert {"SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"} <= set(sys_attrs)
    assert sys_attrs["ApproximateReceiveCount"] == "1"
    got = {}
    for a in msg.findall("q:MessageAttribute", NS):
        v = a.find("q:Value", NS)
        entry = {"DataType": text(v, "q:DataType")}
        if v.find("q:BinaryValue", NS) is not None:
            entry["BinaryValue"] = base64.b64decode(text(v, "q:BinaryValue"))
        else:
            entry["StringValue"] = text(v, "q:StringValue")
        got[text(a, "q:Name")] = entry
    assert got == attrs
    assert text(msg, "q:MD5OfMessageAttributes") == md5_of_attributes(attrs)

    root = parse(raw_query({"Action": "DeleteMessage", "QueueUrl": queue, "ReceiptHandle": handle}),
                 "DeleteMessageResponse")
    request_id(root)
    assert queue_counts(sqs, queue) == (0, 0, 0)


def test_query_receive_empty(queue):
    root = parse(raw_query({"Action": "ReceiveMessage", "QueueUrl": queue}), "ReceiveMessageResponse")
    result = root.find("q:ReceiveMessageResult", NS)
    assert result is not None
    assert result.findall("q:Message", NS) == []


def test_query_get_queue_attributes(queue):
    root = parse(raw_query({"Action": "GetQueueAttributes", "QueueUrl": queue, "AttributeName.1": "All"}),
                 "GetQueueAttributesResponse")
    attrs = name_value_pairs(root.find("q:GetQueueAttributesResult", NS), "Attribute")
    assert attrs["VisibilityTimeout"] == "30"
    assert attrs["QueueArn"] == f"arn:aws:sqs:us-east-1:000000000000:{queue_name(queue)}"
    assert attrs["MaximumMessageSize"] == "1048576"
    assert "ApproximateNumberOfMessages" in attrs

    root = parse(raw_query({"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"}, url=queue),
                 "GetQueueAttributesResponse")
    attrs = name_value_pairs(root.find("q:GetQueueAttributesResult", NS), "Attribute")
    assert list(attrs) == ["QueueArn"]


def test_query_set_queue_attributes(sqs, queue):
    parse(raw_query({"Action": "SetQueueAttributes", "QueueUrl": queue,
                     "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "99"}),
          "SetQueueAttributesResponse")
    assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["VisibilityTimeout"])["Attributes"] == {
        "VisibilityTimeout": "99"}


def test_query_send_message_batch(queue):
    root = parse(raw_query({
        "Action": "SendMessageBatch", "QueueUrl": queue,
        "SendMessageBatchRequestEntry.1.Id": "ok1", "SendMessageBatchRequestEntry.1.MessageBody": "one",
        "SendMessageBatchRequestEntry.2.Id": "ok2", "SendMessageBatchRequestEntry.2.MessageBody": "two",
        "SendMessageBatchRequestEntry.2.DelaySeconds": "0",
        "SendMessageBatchRequestEntry.3.Id": "bad", "SendMessageBatchRequestEntry.3.MessageBody": "\x01",
    }), "SendMessageBatchResponse")
    result = root.find("q:SendMessageBatchResult", NS)
    ok = {text(e, "q:Id"): e for e in result.findall("q:SendMessageBatchResultEntry", NS)}
    assert set(ok) == {"ok1", "ok2"}
    assert text(ok["ok1"], "q:MD5OfMessageBody") == md5_hex("one")
    assert text(ok["ok1"], "q:MessageId")
    [failed] = result.findall("q:BatchResultErrorEntry", NS)
    assert text(failed, "q:Id") == "bad"
    assert text(failed, "q:SenderFault") == "true"
    assert text(failed, "q:Code") == "InvalidMessageContents"


def test_query_cross_protocol(sqs, queue):
    attrs = {"k": {"DataType": "String", "StringValue": "v"}}
    sent = sqs.send_message(QueueUrl=queue, MessageBody="from json", MessageAttributes=attrs)
    root = parse(raw_query({"Action": "ReceiveMessage", "QueueUrl": queue, "MessageAttributeName.1": "k"}),
                 "ReceiveMessageResponse")
    [msg] = root.findall("q:ReceiveMessageResult/q:Message", NS)
    assert text(msg, "q:MessageId") == sent["MessageId"]
    assert text(msg, "q:Body") == "from json"
    assert text(msg, "q:MD5OfMessageAttributes") == sent["MD5OfMessageAttributes"]


# --- errors -------------------------------------------------------------------------------------

def test_query_error_missing_queue(name_factory):
    resp = raw_query({"Action": "GetQueueUrl", "QueueName": name_factory("qmissing")})
    err = error_of(resp, 400)
    assert err == {"Type": "Sender", "Code": "AWS.SimpleQueueService.NonExistentQueue",
                   "Message": "The specified queue does not exist for this wsdl version."}


def test_query_error_on_deleted_queue_url(sqs, name_factory):
    url = sqs.create_queue(QueueName=name_factory("qdel"))["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    err = error_of(raw_query({"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"}, url=url), 400)
    assert err["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert err["Message"].startswith("The specified queue does not exist for this wsdl version")


def test_query_invalid_action(queue):
    err = error_of(raw_query({"Action": "FooBar"}, url=queue), 400)
    assert err == {"Type": "Sender", "Code": "InvalidAction",
                   "Message": "The action FooBar is not valid for this endpoint."}


def test_query_missing_parameter(queue):
    err = error_of(raw_query({"Action": "SendMessage"}, url=queue), 400)
    assert err == {"Type": "Sender", "Code": "MissingParameter",
                   "Message": "The request must contain the parameter MessageBody."}


def test_query_invalid_attribute_name(queue):
    err = error_of(raw_query({"Action": "GetQueueAttributes", "AttributeName.1": "Foobar"}, url=queue), 400)
    assert err == {"Type": "Sender", "Code": "InvalidAttributeName", "Message": "Unknown Attribute Foobar."}


def test_query_fifo_errors(fifo_queue):
    err = error_of(raw_query({"Action": "SendMessage", "MessageBody": "x", "MessageGroupId": "g"},
                             url=fifo_queue), 400)
    assert err == {"Type": "Sender", "Code": "InvalidParameterValue",
                   "Message": "The queue should either have ContentBasedDeduplication enabled or "
                              "MessageDeduplicationId provided explicitly"}
    err = error_of(raw_query({"Action": "SendMessage", "MessageBody": "x", "MessageDeduplicationId": "d"},
                             url=fifo_queue), 400)
    assert err == {"Type": "Sender", "Code": "MissingParameter",
                   "Message": "The request must contain the parameter MessageGroupId."}


def test_query_purge_in_progress(queue):
    parse(raw_query({"Action": "PurgeQueue", "QueueUrl": queue}), "PurgeQueueResponse")
    err = error_of(raw_query({"Action": "PurgeQueue", "QueueUrl": queue}), 403)
    assert err == {"Type": "Sender", "Code": "AWS.SimpleQueueService.PurgeQueueInProgress",
                   "Message": f"Only one PurgeQueue operation on {queue_name(queue)} is allowed every 60 seconds."}
