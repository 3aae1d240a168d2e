"""Error responses over AWS JSON 1.0: every SQS error code with its HTTP status, the wire format
(__type, x-amzn-query-error, x-amzn-RequestId), and malformed requests. None may be a 500."""
import datetime
import json
from email.utils import parsedate_to_datetime

import pytest
from botocore.exceptions import ClientError

from sqs_helpers import (
    ENDPOINT,
    assert_error,
    queue_arn_for,
    queue_url_for,
    raw_json,
)


def _expect_client_error(fn):
    with pytest.raises(ClientError) as e:
        fn()
    return e.value


# Each scenario: (legacy query code, HTTP status, JSON shape name, function(sqs, qf, name) -> raises).
def _nonexistent(sqs, qf, name):
    sqs.get_queue_url(QueueName=name("missing"))


def _name_exists(sqs, qf, name):
    n = name("exists")
    qf(name=n, attributes={"DelaySeconds": "1"})
    sqs.create_queue(QueueName=n, Attributes={"DelaySeconds": "2"})


def _deleted_recently(sqs, qf, name):
    n = name("recent")
    sqs.delete_queue(QueueUrl=sqs.create_queue(QueueName=n)["QueueUrl"])
    sqs.create_queue(QueueName=n)


def _invalid_attribute_name(sqs, qf, name):
    sqs.get_queue_attributes(QueueUrl=qf(), AttributeNames=["Bogus"])


def _invalid_attribute_value(sqs, qf, name):
    sqs.set_queue_attributes(QueueUrl=qf(), Attributes={"VisibilityTimeout": "99999"})


def _invalid_parameter_value(sqs, qf, name):
    sqs.receive_message(QueueUrl=qf(), MaxNumberOfMessages=11)


def _missing_parameter(sqs, qf, name):
    sqs.send_message(QueueUrl=qf(fifo=True), MessageBody="x", MessageDeduplicationId="d")


def _receipt_handle_invalid(sqs, qf, name):
    sqs.delete_message(QueueUrl=qf(), ReceiptHandle="garbage")


def _purge_in_progress(sqs, qf, name):
    url = qf()
    sqs.purge_queue(QueueUrl=url)
    sqs.purge_queue(QueueUrl=url)


def _too_many_entries(sqs, qf, name):
    sqs.send_message_batch(QueueUrl=qf(), Entries=[{"Id": str(i), "MessageBody": "x"} for i in range(11)])


def _empty_batch(sqs, qf, name):
    sqs.delete_message_batch(QueueUrl=qf(), Entries=[])


def _ids_not_distinct(sqs, qf, name):
    sqs.send_message_batch(QueueUrl=qf(), Entries=[{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}])


def _invalid_batch_entry_id(sqs, qf, name):
    sqs.send_message_batch(QueueUrl=qf(), Entries=[{"Id": "no spaces allowed", "MessageBody": "x"}])


def _batch_too_long(sqs, qf, name):
    half = "a" * (600 * 1024)
    sqs.send_message_batch(QueueUrl=qf(), Entries=[{"Id": "1", "MessageBody": half}, {"Id": "2", "MessageBody": half}])


def _resource_not_found(sqs, qf, name):
    sqs.list_message_move_tasks(SourceArn=queue_arn_for(name("nosuch")))


def _invalid_message_contents(sqs, qf, name):
    sqs.send_message(QueueUrl=qf(), MessageBody="\x00")


def _over_limit(sqs, qf, name):
    sqs.add_permission(QueueUrl=qf(), Label="l", AWSAccountIds=["111122223333"], Actions=[
        "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
        "GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListQueueTags"])


ERROR_TABLE = [
    ("AWS.SimpleQueueService.NonExistentQueue", 400, "QueueDoesNotExist", _nonexistent),
    ("QueueAlreadyExists", 400, "QueueNameExists", _name_exists),
    ("AWS.SimpleQueueService.QueueDeletedRecently", 400, "QueueDeletedRecently", _deleted_recently),
    ("InvalidAttributeName", 400, "InvalidAttributeName", _invalid_attribute_name),
    ("InvalidAttributeValue", 400, "InvalidAttributeValue", _invalid_attribute_value),
    ("InvalidParameterValue", 400, "InvalidParameterValueException", _invalid_parameter_value),
    ("MissingParameter", 400, "MissingRequiredParameterException", _missing_parameter),
    ("ReceiptHandleIsInvalid", 404, "ReceiptHandleIsInvalid", _receipt_handle_invalid),
    ("AWS.SimpleQueueService.PurgeQueueInProgress", 403, "PurgeQueueInProgress", _purge_in_progress),
    ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, "TooManyEntriesInBatchRequest", _too_many_entries),
    ("AWS.SimpleQueueService.EmptyBatchRequest", 400, "EmptyBatchRequest", _empty_batch),
    ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, "BatchEntryIdsNotDistinct", _ids_not_distinct),
    ("AWS.SimpleQueueService.InvalidBatchEntryId", 400, "InvalidBatchEntryId", _invalid_batch_entry_id),
    ("AWS.SimpleQueueService.BatchRequestTooLong", 400, "BatchRequestTooLong", _batch_too_long),
    ("ResourceNotFoundException", 404, "ResourceNotFoundException", _resource_not_found),
    ("InvalidMessageContents", 400, "InvalidMessageContents", _invalid_message_contents),
    ("OverLimit", 403, "OverLimit", _over_limit),
]


@pytest.mark.parametrize("code,status,shape,scenario", ERROR_TABLE, ids=[row[2] for row in ERROR_TABLE])
def test_error_code_and_status(sqs, queue_factory, name_factory, code, status, shape, scenario):
    err = _expect_client_error(lambda: scenario(sqs, queue_factory, name_factory))
    error = assert_error(err, code, status, query_code=shape)
    assert error.get("Type") == "Sender"
    assert error.get("Message"), error
    headers = err.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers.get("x-amzn-query-error") == f"{code};Sender"
    assert headers.get("x-amzn-requestid")
    assert headers.get("content-type", "").startswith("application/x-amz-json-1.0")


def test_json_error_wire_format(name_factory):
    resp = raw_json("GetQueueUrl", {"QueueName": name_factory("wire")})
    assert resp.status_code == 400
    assert resp.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    assert resp.headers.get("x-amzn-RequestId")
    assert resp.headers["Content-Type"].startswith("application/x-amz-json-1.0")
    body = resp.json()
    assert body["__type"] in ("com.amazonaws.sqs#QueueDoesNotExist", "QueueDoesNotExist"), body
    assert body["message"] == "The specified queue does not exist."


def test_json_success_wire_format(queue):
    resp = raw_json("GetQueueAttributes", {"QueueUrl": queue, "AttributeNames": ["VisibilityTimeout"]})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/x-amz-json-1.0")
    assert resp.headers.get("x-amzn-RequestId")
    assert resp.json() == {"Attributes": {"VisibilityTimeout": "30"}}


def test_responses_carry_a_current_date_header(queue):
    """SDKs correct their clock skew from the Date header (botocore on a skew error)."""
    for resp in (raw_json("GetQueueUrl", {"QueueName": queue.rsplit("/", 1)[1]}), raw_json("NoSuchAction", {})):
        sent = parsedate_to_datetime(resp.headers["Date"])
        assert resp.headers["Date"].endswith(" GMT")
        assert abs((sent - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 5


def test_json_request_with_query_mode_header(queue):
    """Newer SDKs send `x-amzn-query-mode: true` to awsQueryCompatible services; it changes nothing."""
    import requests
    from sqs_helpers import signed_headers
    body = json.dumps({"QueueUrl": queue, "AttributeNames": ["DelaySeconds"]}).encode()
    headers = signed_headers(ENDPOINT + "/", body, {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "AmazonSQS.GetQueueAttributes",
        "x-amzn-query-mode": "true",
    })
    resp = requests.post(ENDPOINT + "/", data=body, headers=headers, timeout=10)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"Attributes": {"DelaySeconds": "0"}}


NONEXISTENT_CALLS = {
    "SendMessage": lambda s, u: s.send_message(QueueUrl=u, MessageBody="x"),
    "SendMessageBatch": lambda s, u: s.send_message_batch(QueueUrl=u, Entries=[{"Id": "a", "MessageBody": "x"}]),
    "ReceiveMessage": lambda s, u: s.receive_message(QueueUrl=u),
    "DeleteMessage": lambda s, u: s.delete_message(QueueUrl=u, ReceiptHandle="h"),
    "DeleteMessageBatch": lambda s, u: s.delete_message_batch(QueueUrl=u, Entries=[{"Id": "a", "ReceiptHandle": "h"}]),
    "ChangeMessageVisibility": lambda s, u: s.change_message_visibility(QueueUrl=u, ReceiptHandle="h",
                                                                         VisibilityTimeout=1),
    "ChangeMessageVisibilityBatch": lambda s, u: s.change_message_visibility_batch(
        QueueUrl=u, Entries=[{"Id": "a", "ReceiptHandle": "h", "VisibilityTimeout": 1}]),
    "GetQueueAttributes": lambda s, u: s.get_queue_attributes(QueueUrl=u, AttributeNames=["All"]),
    "SetQueueAttributes": lambda s, u: s.set_queue_attributes(QueueUrl=u, Attributes={"DelaySeconds": "1"}),
    "PurgeQueue": lambda s, u: s.purge_queue(QueueUrl=u),
    "DeleteQueue": lambda s, u: s.delete_queue(QueueUrl=u),
    "ListQueueTags": lambda s, u: s.list_queue_tags(QueueUrl=u),
    "TagQueue": lambda s, u: s.tag_queue(QueueUrl=u, Tags={"a": "b"}),
    "UntagQueue": lambda s, u: s.untag_queue(QueueUrl=u, TagKeys=["a"]),
    "AddPermission": lambda s, u: s.add_permission(QueueUrl=u, Label="l", AWSAccountIds=["111122223333"],
                                                   Actions=["SendMessage"]),
    "RemovePermission": lambda s, u: s.remove_permission(QueueUrl=u, Label="l"),
    "ListDeadLetterSourceQueues": lambda s, u: s.list_dead_letter_source_queues(QueueUrl=u),
}


@pytest.mark.parametrize("action", list(NONEXISTENT_CALLS))
def test_nonexistent_queue_for_every_queue_action(sqs, name_factory, action):
    url = queue_url_for(name_factory("gone"))
    err = _expect_client_error(lambda: NONEXISTENT_CALLS[action](sqs, url))
    assert_error(err, "AWS.SimpleQueueService.NonExistentQueue", 400, query_code="QueueDoesNotExist",
                 message="The specified queue does not exist.")


# --- malformed requests ------------------------------------------------------------------------

def _assert_client_error_json(resp):
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
    assert resp.headers.get("x-amzn-RequestId")
    body = resp.json()
    assert "__type" in body, body
    return body


@pytest.mark.parametrize("raw", ["{not json", "[1, 2, 3]", '"a string"', "\x00\x01binary", '{"QueueName": '],
                         ids=["garbage", "array", "string", "binary", "truncated"])
def test_malformed_json_body(raw):
    resp = raw_json("CreateQueue", None, raw_body=raw)
    assert resp.status_code == 400, (resp.status_code, resp.text)
    _assert_client_error_json(resp)


def test_unknown_action():
    resp = raw_json(None, {}, target="AmazonSQS.DoSomethingElse")
    _assert_client_error_json(resp)


def test_unknown_target_prefix():
    resp = raw_json(None, {}, target="AmazonSNS.ListQueues")
    _assert_client_error_json(resp)


def test_wrong_parameter_type(queue):
    resp = raw_json("ReceiveMessage", {"QueueUrl": queue, "MaxNumberOfMessages": "ten"})
    assert resp.status_code == 400, (resp.status_code, resp.text)
    body = _assert_client_error_json(resp)
    assert "SerializationException" in body["__type"], body


def test_wrong_structure_type(queue):
    resp = raw_json("SendMessage", {"QueueUrl": queue, "MessageBody": "x", "MessageAttributes": ["not", "a", "map"]})
    assert resp.status_code == 400, (resp.status_code, resp.text)
    _assert_client_error_json(resp)


def test_missing_required_parameter(queue):
    resp = raw_json("SendMessage", {"QueueUrl": queue})
    assert resp.status_code == 400, (resp.status_code, resp.text)
    body = _assert_client_error_json(resp)
    assert resp.headers.get("x-amzn-query-error") == "MissingParameter;Sender", resp.headers
    assert body.get("message") == "The request must contain the parameter MessageBody.", body


def test_missing_queue_url(sqs):
    resp = raw_json("ReceiveMessage", {})
    assert resp.status_code == 400, (resp.status_code, resp.text)
    _assert_client_error_json(resp)


@pytest.mark.parametrize(
    "payload",
    [
        {"QueueUrl": "not a url"},
        {"QueueUrl": ""},
        {"QueueUrl": ENDPOINT + "/"},
        {"QueueUrl": ENDPOINT + "/123456789012/someone-elses-queue"},
        {"QueueUrl": ENDPOINT + "/000000000000/a/b/c"},
    ],
    ids=["not-url", "empty", "no-path", "other-account", "deep-path"],
)
def test_odd_queue_urls_are_client_errors(payload):
    resp = raw_json("GetQueueAttributes", dict(payload, AttributeNames=["All"]))
    _assert_client_error_json(resp)


def test_unicode_and_huge_numbers_are_client_errors(queue):
    for payload in (
        {"QueueUrl": queue, "MaxNumberOfMessages": 10**30},
        {"QueueUrl": queue, "VisibilityTimeout": -10**12},
        {"QueueUrl": queue, "WaitTimeSeconds": 1.5},
    ):
        resp = raw_json("ReceiveMessage", payload)
        assert 400 <= resp.status_code < 500, (payload, resp.status_code, resp.text)


def test_get_request_to_root_is_not_a_server_error():
    import requests
    resp = requests.get(ENDPOINT + "/", timeout=10)
    assert resp.status_code < 500, (resp.status_code, resp.text)
