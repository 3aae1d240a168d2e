"""Malformed and random input for every action: each answer is a 200 or a 4xx in AWS's error
shape, never a 5xx, and the server keeps answering. Hypothesis generates the parameters."""
import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqs_helpers import ENDPOINT

ACTIONS = [
    "AddPermission", "CancelMessageMoveTask", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
    "CreateQueue", "DeleteMessage", "DeleteMessageBatch", "DeleteQueue", "GetQueueAttributes", "GetQueueUrl",
    "ListDeadLetterSourceQueues", "ListMessageMoveTasks", "ListQueueTags", "ListQueues", "PurgeQueue",
    "ReceiveMessage", "RemovePermission", "SendMessage", "SendMessageBatch", "SetQueueAttributes",
    "StartMessageMoveTask", "TagQueue", "UntagQueue",
]
MEMBERS = [
    "QueueUrl", "QueueName", "MessageBody", "ReceiptHandle", "Entries", "Attributes", "AttributeNames",
    "MessageAttributes", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds", "DelaySeconds",
    "MessageGroupId", "MessageDeduplicationId", "Tags", "TagKeys", "Label", "AWSAccountIds", "Actions",
    "SourceArn", "DestinationArn", "TaskHandle", "MaxResults", "NextToken", "Id",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**40, max_value=2**40), st.floats(allow_nan=False),
    st.text(max_size=40), st.sampled_from(["", "http://x/000000000000/fuzz-q", "fuzz-q", "arn:aws:sqs:us-east-1:000000000000:fuzz-q"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(MEMBERS + ["DataType", "StringValue"]), inner, max_size=4)),
    max_leaves=10)
bodies = st.dictionaries(st.sampled_from(MEMBERS), values, max_size=6)


def post(action, raw):
    return requests.post(ENDPOINT, data=raw, timeout=30, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AmazonSQS.{action}"})


@pytest.fixture(scope="module", autouse=True)
def fuzz_queue():
    post("CreateQueue", json.dumps({"QueueName": "fuzz-q"}))
    yield
    post("DeleteQueue", json.dumps({"QueueUrl": "http://x/000000000000/fuzz-q"}))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(action=st.sampled_from(ACTIONS), body=bodies)
def test_random_parameters_get_a_client_error_or_success(action, body):
    if action == "ReceiveMessage" and isinstance(body.get("WaitTimeSeconds"), int):
        body["WaitTimeSeconds"] = 0  # keep the run short; waits are tested elsewhere
    response = post(action, json.dumps(body))
    assert response.status_code < 500, (action, body, response.status_code, response.text)
    if response.status_code >= 400:
        error = response.json()
        assert error["__type"] and error["message"], error
        assert response.headers.get("x-amzn-query-error", "").endswith(";Sender")


@settings(max_examples=150, deadline=None)
@given(action=st.sampled_from(ACTIONS), raw=st.binary(max_size=200))
def test_arbitrary_bytes_are_refused_cleanly(action, raw):
    response = post(action, raw)
    assert response.status_code < 500, (action, raw, response.status_code, response.text)


@settings(max_examples=150, deadline=None)
@given(form=st.dictionaries(st.text(max_size=30), st.text(max_size=30), max_size=6))
def test_random_query_protocol_forms_are_refused_cleanly(form):
    response = requests.post(ENDPOINT, data=form, timeout=30)
    assert response.status_code < 500, (form, response.status_code, response.text)
    assert response.text.startswith("<?xml")
