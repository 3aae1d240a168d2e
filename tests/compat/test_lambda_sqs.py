"""SQS event source mappings against a running Sluice: the poller of seed 003.

Expected behaviour is AWS Lambda's ("Using Lambda with Amazon SQS", the event source mapping
API), with what the issue adds: visibility kept while a long handler runs, failures back with
back-off until maxReceiveCount moves them to the DLQ, no message run twice at once."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from lambda_helpers import wait_for

RECORDER = """
    import boto3, json, os, time
    def handler(event, context):
        sqs = boto3.client("sqs")
        records = event["Records"]
        failures = []
        for record in records:
            body = json.loads(record["body"])
            if body.get("sleep"):
                time.sleep(body["sleep"])
            sqs.send_message(QueueUrl=os.environ["OUT"], MessageBody=json.dumps({
                "body": body, "id": record["messageId"], "count": record["attributes"]["ApproximateReceiveCount"],
                "source": record["eventSourceARN"], "batch": len(records), "attributes": record["messageAttributes"],
                "pid": os.getpid()}))
            if body.get("fail"):
                failures.append({"itemIdentifier": record["messageId"]})
        if any(json.loads(r["body"]).get("raise") for r in records):
            raise RuntimeError("the whole batch fails")
        return {"batchItemFailures": failures}
"""


def arn(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def drain(sqs, url, expected, timeout=30):
    """Every message of `url` until `expected` have come, as parsed bodies."""
    seen = []
    deadline = time.time() + timeout
    while len(seen) < expected and time.time() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            seen.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return seen


@pytest.fixture
def mapping(lam, sqs, queue_factory, function_factory):
    """A recorder function mapped to a fresh source queue; yields (source, out, uuid, function)."""
    made = []

    def make(source_attributes=None, dlq_max=None, fifo=False, **settings):
        out = queue_factory("esm-out")
        attributes = dict(source_attributes or {})
        if dlq_max:
            dlq = queue_factory("esm-dlq", fifo=fifo)
            attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn(sqs, dlq), "maxReceiveCount": dlq_max})
        source = queue_factory("esm-src", fifo=fifo, attributes=attributes)
        function = function_factory(RECORDER, Timeout=30, Environment={"Variables": {"OUT": out}})
        uuid = lam.create_event_source_mapping(EventSourceArn=arn(sqs, source), FunctionName=function, **settings)["UUID"]
        made.append(uuid)
        return {"source": source, "out": out, "uuid": uuid, "function": function,
                "dlq": dlq if dlq_max else None}

    yield make
    for uuid in made:
        try:
            lam.delete_event_source_mapping(UUID=uuid)
        except ClientError:
            pass


def test_mapping_api_shapes_and_states(lam, sqs, mapping):
    made = mapping(BatchSize=5, FunctionResponseTypes=["ReportBatchItemFailures"], ScalingConfig={"MaximumConcurrency": 3})
    described = lam.get_event_source_mapping(UUID=made["uuid"])
    assert described["State"] == "Enabled"
    assert described["BatchSize"] == 5 and described["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert described["ScalingConfig"] == {"MaximumConcurrency": 3}
    assert described["EventSourceArn"] == arn(sqs, made["source"])
    assert described["FunctionArn"].endswith(":function:" + made["function"])
    assert described["EventSourceMappingArn"].endswith(":event-source-mapping:" + made["uuid"])
    listed = lam.list_event_source_mappings(FunctionName=made["function"])["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [made["uuid"]]
    disabled = lam.update_event_source_mapping(UUID=made["uuid"], Enabled=False)
    assert disabled["State"] == "Disabling"
    assert lam.get_event_source_mapping(UUID=made["uuid"])["State"] == "Disabled"
    assert lam.delete_event_source_mapping(UUID=made["uuid"])["State"] == "Deleting"
    with pytest.raises(ClientError) as gone:
        lam.get_event_source_mapping(UUID=made["uuid"])
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_mapping_refusals(lam, sqs, queue_factory, function_factory):
    queue = arn(sqs, queue_factory("esm-bad"))
    function = function_factory("def handler(e, c):\n    return 1\n")
    cases = [
        (dict(EventSourceArn=queue, FunctionName="no-such-function"), "ResourceNotFoundException"),
        (dict(EventSourceArn=queue.replace("esm-bad", "no-such-queue"), FunctionName=function), "InvalidParameterValueException"),
        (dict(EventSourceArn="arn:aws:s3:::bucket", FunctionName=function), "InvalidParameterValueException"),
        (dict(EventSourceArn=queue, FunctionName=function, BatchSize=100), "InvalidParameterValueException"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as refused:
            lam.create_event_source_mapping(**kwargs)
        assert refused.value.response["Error"]["Code"] == code, kwargs
    uuid = lam.create_event_source_mapping(EventSourceArn=queue, FunctionName=function)["UUID"]
    try:
        with pytest.raises(ClientError) as duplicate:
            lam.create_event_source_mapping(EventSourceArn=queue, FunctionName=function)
        assert duplicate.value.response["Error"]["Code"] == "ResourceConflictException"
        assert uuid in duplicate.value.response["Error"]["Message"]
    finally:
        lam.delete_event_source_mapping(UUID=uuid)


def test_messages_are_processed_as_lambda_records_and_deleted(sqs, mapping):
    made = mapping(BatchSize=10, MaximumBatchingWindowInSeconds=1)
    for index in range(15):
        sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": index}),
                         MessageAttributes={"kind": {"DataType": "String", "StringValue": "test"}})
    seen = drain(sqs, made["out"], 15)
    assert sorted(record["body"]["n"] for record in seen) == list(range(15))
    assert all(record["attributes"]["kind"]["stringValue"] == "test" for record in seen)
    assert all(record["source"] == arn(sqs, made["source"]) for record in seen)
    assert max(record["batch"] for record in seen) > 1, "the batching window gathered batches"
    assert wait_for(lambda: sqs.get_queue_attributes(
        QueueUrl=made["source"], AttributeNames=["All"])["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "0")
    assert sqs.receive_message(QueueUrl=made["source"]).get("Messages") is None


def test_batch_item_failures_come_back_until_the_dlq_takes_them(sqs, mapping):
    made = mapping(source_attributes={"VisibilityTimeout": "2"}, dlq_max=3, BatchSize=5,
                   FunctionResponseTypes=["ReportBatchItemFailures"])
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": "ok"}))
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": "bad", "fail": True}))
    dead = wait_for(lambda: sqs.receive_message(QueueUrl=made["dlq"], WaitTimeSeconds=1).get("Messages"), timeout=40)
    assert dead and json.loads(dead[0]["Body"]) == {"n": "bad", "fail": True}
    runs = drain(sqs, made["out"], 4, timeout=5)
    assert [r["body"]["n"] for r in runs].count("ok") == 1, "a success is deleted, never run again"
    assert [r["count"] for r in runs if r["body"]["n"] == "bad"] == ["1", "2", "3"]


def test_a_failing_batch_is_retried_whole_without_report_batch_item_failures(sqs, mapping):
    made = mapping(source_attributes={"VisibilityTimeout": "1"}, dlq_max=2, BatchSize=10, MaximumBatchingWindowInSeconds=1)
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": 1}))
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": 2, "raise": True}))
    dead = []
    deadline = time.time() + 40
    while len(dead) < 2 and time.time() < deadline:
        dead += sqs.receive_message(QueueUrl=made["dlq"], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
    assert sorted(json.loads(m["Body"])["n"] for m in dead) == [1, 2]


def test_visibility_is_kept_while_a_long_handler_runs(sqs, mapping):
    made = mapping(source_attributes={"VisibilityTimeout": "2"})
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": "long", "sleep": 6}))
    runs = drain(sqs, made["out"], 1, timeout=30)
    assert [r["count"] for r in runs] == ["1"]
    time.sleep(3)
    assert drain(sqs, made["out"], 1, timeout=2) == [], "the message was never delivered a second time"


def test_a_disabled_mapping_leaves_messages_alone(lam, sqs, mapping):
    made = mapping(Enabled=False)
    sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": "waits"}))
    time.sleep(2)
    attributes = sqs.get_queue_attributes(QueueUrl=made["source"], AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "1"
    lam.update_event_source_mapping(UUID=made["uuid"], Enabled=True)
    assert [r["body"]["n"] for r in drain(sqs, made["out"], 1)] == ["waits"]


def test_fifo_order_within_groups(sqs, mapping):
    made = mapping(fifo=True, BatchSize=10)
    for index in range(10):
        sqs.send_message(QueueUrl=made["source"], MessageBody=json.dumps({"n": index}),
                         MessageGroupId=f"g{index % 2}", MessageDeduplicationId=str(index))
    seen = drain(sqs, made["out"], 10)
    for group in (0, 1):
        assert [r["body"]["n"] for r in seen if r["body"]["n"] % 2 == group] == list(range(group, 10, 2))
