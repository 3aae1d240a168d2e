"""Queue management: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes,
TagQueue/UntagQueue/ListQueueTags, AddPermission/RemovePermission, PurgeQueue."""
import json
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from sqs_helpers import (
    ACCOUNT,
    ENDPOINT,
    assert_error,
    queue_arn,
    queue_arn_for,
    queue_counts,
    queue_name,
    queue_url_for,
)

STANDARD_ALL = {
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "DelaySeconds",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
}
FIFO_EXTRA = {"ContentBasedDeduplication", "DeduplicationScope", "FifoQueue", "FifoThroughputLimit"}


# --- CreateQueue / GetQueueUrl -----------------------------------------------------------

def test_create_queue_returns_url_under_account(sqs, queue_factory, name_factory):
    name = name_factory("create")
    url = queue_factory(name=name)
    assert url == queue_url_for(name)
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url


def test_create_queue_is_idempotent_with_same_attributes(sqs, queue_factory, name_factory):
    name = name_factory("idem")
    url = queue_factory(name=name, attributes={"VisibilityTimeout": "7"})
    again = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "7"})
    assert again["QueueUrl"] == url


def test_create_queue_without_or_with_subset_of_attributes_returns_existing(sqs, queue_factory, name_factory):
    name = name_factory("subset")
    url = queue_factory(name=name, attributes={"ReceiveMessageWaitTimeSeconds": "1", "DelaySeconds": "1"})
    assert sqs.create_queue(QueueName=name)["QueueUrl"] == url
    assert sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "1"})["QueueUrl"] == url
    # After SetQueueAttributes, the new value is the one that matches.
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "2"})
    assert sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "2"})["QueueUrl"] == url
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "1"})
    assert_error(e, "QueueAlreadyExists", 400, query_code="QueueNameExists")


def test_create_queue_with_different_attribute_is_queue_name_exists(sqs, queue_factory, name_factory):
    name = name_factory("exists")
    queue_factory(name=name, attributes={"DelaySeconds": "1"})
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "2"})
    assert_error(
        e, "QueueAlreadyExists", 400, query_code="QueueNameExists",
        message="A queue already exists with the same name and a different value for attribute DelaySeconds",
    )


def test_create_fifo_queue_with_different_content_dedup_is_queue_name_exists(sqs, fifo_queue_factory):
    url = fifo_queue_factory(attributes={"ContentBasedDeduplication": "false"})
    with pytest.raises(ClientError) as e:
        sqs.create_queue(
            QueueName=queue_name(url),
            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
        )
    assert_error(e, "QueueAlreadyExists", 400, query_code="QueueNameExists",
                 message_contains="ContentBasedDeduplication")


def test_create_queue_deleted_recently(sqs, name_factory):
    name = name_factory("recent")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name)
    assert_error(e, "AWS.SimpleQueueService.QueueDeletedRecently", 400, query_code="QueueDeletedRecently",
                 message_contains="You must wait 60 seconds after deleting a queue before you can create "
                                  "another with the same name.")


@pytest.mark.parametrize(
    "name",
    ["has space", "bad!char", "x" * 81, "dot.in.name", "slash/name"],
    ids=["space", "bang", "81-chars", "dot", "slash"],
)
def test_create_queue_invalid_name(sqs, name):
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name)
    assert_error(e, "InvalidParameterValue", 400)


def test_create_queue_name_of_80_chars_is_accepted(sqs, queue_factory):
    name = ("n80-" + uuid.uuid4().hex * 3)[:80]
    assert len(name) == 80
    url = queue_factory(name=name)
    assert queue_name(url) == name


def test_create_queue_fifo_suffix_requires_fifo_attribute(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name_factory("nofifoattr") + ".fifo")
    assert_error(e, "InvalidParameterValue", 400)


def test_create_queue_fifo_attribute_requires_fifo_suffix(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name_factory("nosuffix"), Attributes={"FifoQueue": "true"})
    assert_error(e, "InvalidParameterValue", 400)


def test_queue_names_are_case_sensitive(sqs, queue_factory, name_factory):
    name = name_factory("Case")
    url = queue_factory(name=name)
    with pytest.raises(ClientError) as e:
        sqs.get_queue_url(QueueName=name.lower())
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url


def test_get_queue_url_with_owner_account(sqs, queue_factory, name_factory):
    name = name_factory("owner")
    url = queue_factory(name=name)
    assert sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"] == url


def test_get_queue_url_nonexistent(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.get_queue_url(QueueName=name_factory("missing"))
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400, query_code="QueueDoesNotExist",
                 message="The specified queue does not exist.")


# --- ListQueues ----------------------------------------------------------------------------

def test_list_queues_with_prefix(sqs, queue_factory):
    prefix = "lst-" + uuid.uuid4().hex[:8]
    urls = {queue_factory(name=f"{prefix}-{i}") for i in range(3)}
    other = queue_factory(prefix="lst-other")
    listed = set(sqs.list_queues(QueueNamePrefix=prefix).get("QueueUrls", []))
    assert listed == urls
    assert other not in listed
    # Without MaxResults there is never a NextToken.
    assert "NextToken" not in sqs.list_queues(QueueNamePrefix=prefix)


def test_list_queues_prefix_is_case_sensitive(sqs, queue_factory):
    prefix = "lcase-" + uuid.uuid4().hex[:8]
    queue_factory(name=prefix + "-a")
    assert sqs.list_queues(QueueNamePrefix=prefix.upper()).get("QueueUrls", []) == []


def test_list_queues_no_match_is_empty(sqs):
    resp = sqs.list_queues(QueueNamePrefix="nothing-matches-" + uuid.uuid4().hex)
    assert resp.get("QueueUrls", []) == []
    assert "NextToken" not in resp


def test_list_queues_paging(sqs, queue_factory):
    prefix = "page-" + uuid.uuid4().hex[:8]
    urls = {queue_factory(name=f"{prefix}-{i}") for i in range(3)}
    first = sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2)
    assert len(first["QueueUrls"]) == 2
    assert first.get("NextToken")
    second = sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2, NextToken=first["NextToken"])
    assert len(second["QueueUrls"]) == 1
    assert "NextToken" not in second
    assert set(first["QueueUrls"]) | set(second["QueueUrls"]) == urls


def test_list_queues_paging_exact_fit_has_no_token(sqs, queue_factory):
    prefix = "fit-" + uuid.uuid4().hex[:8]
    urls = {queue_factory(name=f"{prefix}-{i}") for i in range(2)}
    resp = sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2)
    assert set(resp["QueueUrls"]) == urls
    assert "NextToken" not in resp


def test_list_queues_paginator(sqs, queue_factory):
    prefix = "pgn-" + uuid.uuid4().hex[:8]
    urls = {queue_factory(name=f"{prefix}-{i}") for i in range(5)}
    seen = []
    for page in sqs.get_paginator("list_queues").paginate(
        QueueNamePrefix=prefix, PaginationConfig={"PageSize": 2}
    ):
        assert len(page.get("QueueUrls", [])) <= 2
        seen.extend(page.get("QueueUrls", []))
    assert sorted(seen) == sorted(urls)


# --- DeleteQueue -----------------------------------------------------------------------------

def test_delete_queue(sqs, name_factory):
    name = name_factory("del")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="gone with the queue")
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(ClientError) as e:
        sqs.get_queue_url(QueueName=name)
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)
    with pytest.raises(ClientError) as e:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)
    assert url not in sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", [])


def test_delete_nonexistent_queue(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.delete_queue(QueueUrl=queue_url_for(name_factory("never")))
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400, query_code="QueueDoesNotExist")


# --- GetQueueAttributes ------------------------------------------------------------------------

def test_default_attributes_standard(sqs, queue):
    before = time.time()
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert set(attrs) == STANDARD_ALL
    assert attrs["VisibilityTimeout"] == "30"
    assert attrs["MaximumMessageSize"] == "1048576"
    assert attrs["MessageRetentionPeriod"] == "345600"
    assert attrs["DelaySeconds"] == "0"
    assert attrs["ReceiveMessageWaitTimeSeconds"] == "0"
    assert attrs["SqsManagedSseEnabled"] == "true"
    assert attrs["ApproximateNumberOfMessages"] == "0"
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
    assert attrs["ApproximateNumberOfMessagesDelayed"] == "0"
    assert attrs["QueueArn"] == queue_arn(queue)
    # Timestamps are epoch seconds.
    for key in ("CreatedTimestamp", "LastModifiedTimestamp"):
        assert attrs[key].isdigit(), attrs[key]
        assert abs(int(attrs[key]) - before) < 120, (key, attrs[key])


def test_default_attributes_fifo(sqs, fifo_queue):
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["All"])["Attributes"]
    assert set(attrs) == STANDARD_ALL | FIFO_EXTRA
    assert attrs["FifoQueue"] == "true"
    assert attrs["ContentBasedDeduplication"] == "false"
    assert attrs["DeduplicationScope"] == "queue"
    assert attrs["FifoThroughputLimit"] == "perQueue"
    assert attrs["QueueArn"] == queue_arn(fifo_queue)
    assert attrs["QueueArn"].endswith(".fifo")


def test_get_attributes_without_names_is_empty(sqs, queue):
    assert sqs.get_queue_attributes(QueueUrl=queue).get("Attributes", {}) == {}


def test_get_selected_attributes_only(sqs, queue):
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn", "VisibilityTimeout"])["Attributes"]
    assert attrs == {"QueueArn": queue_arn(queue), "VisibilityTimeout": "30"}


def test_get_unknown_attribute_name(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["NoSuchAttribute"])
    assert_error(e, "InvalidAttributeName", 400, query_code="InvalidAttributeName")


def test_get_attributes_nonexistent_queue(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.get_queue_attributes(QueueUrl=queue_url_for(name_factory("nq")), AttributeNames=["All"])
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)


def test_create_queue_with_attributes(sqs, queue_factory):
    url = queue_factory(attributes={
        "DelaySeconds": "5",
        "MaximumMessageSize": "2048",
        "MessageRetentionPeriod": "86400",
        "ReceiveMessageWaitTimeSeconds": "2",
        "VisibilityTimeout": "60",
    })
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["DelaySeconds"] == "5"
    assert attrs["MaximumMessageSize"] == "2048"
    assert attrs["MessageRetentionPeriod"] == "86400"
    assert attrs["ReceiveMessageWaitTimeSeconds"] == "2"
    assert attrs["VisibilityTimeout"] == "60"


# --- SetQueueAttributes: ranges -----------------------------------------------------------------

VALID_BOUNDS = [
    ("DelaySeconds", "0"), ("DelaySeconds", "900"),
    ("MaximumMessageSize", "1024"), ("MaximumMessageSize", "1048576"),
    ("MessageRetentionPeriod", "60"), ("MessageRetentionPeriod", "1209600"),
    ("ReceiveMessageWaitTimeSeconds", "0"), ("ReceiveMessageWaitTimeSeconds", "20"),
    ("VisibilityTimeout", "0"), ("VisibilityTimeout", "43200"),
]

INVALID_VALUES = [
    ("DelaySeconds", "-1"), ("DelaySeconds", "901"),
    ("MaximumMessageSize", "1023"), ("MaximumMessageSize", "1048577"),
    ("MessageRetentionPeriod", "59"), ("MessageRetentionPeriod", "1209601"),
    ("ReceiveMessageWaitTimeSeconds", "-1"), ("ReceiveMessageWaitTimeSeconds", "21"),
    ("VisibilityTimeout", "-1"), ("VisibilityTimeout", "43201"),
    ("VisibilityTimeout", "abc"), ("DelaySeconds", "1.5"),
]


@pytest.mark.parametrize("attr,value", VALID_BOUNDS, ids=[f"{a}={v}" for a, v in VALID_BOUNDS])
def test_set_attribute_bounds_accepted(sqs, queue, attr, value):
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={attr: value})
    got = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=[attr])["Attributes"]
    assert got == {attr: value}


@pytest.mark.parametrize("attr,value", INVALID_VALUES, ids=[f"{a}={v}" for a, v in INVALID_VALUES])
def test_set_attribute_out_of_range(sqs, queue, attr, value):
    before = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=[attr])["Attributes"][attr]
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={attr: value})
    assert_error(e, "InvalidAttributeValue", 400, query_code="InvalidAttributeValue")
    after = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=[attr])["Attributes"][attr]
    assert after == before


@pytest.mark.parametrize("attr,value", INVALID_VALUES[:10:3], ids=[f"{a}={v}" for a, v in INVALID_VALUES[:10:3]])
def test_create_queue_attribute_out_of_range(sqs, name_factory, attr, value):
    name = name_factory("badattr")
    with pytest.raises(ClientError) as e:
        sqs.create_queue(QueueName=name, Attributes={attr: value})
    assert_error(e, "InvalidAttributeValue", 400)
    with pytest.raises(ClientError) as e:
        sqs.get_queue_url(QueueName=name)
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)


def test_set_unknown_attribute_name(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Bogus": "1"})
    assert_error(e, "InvalidAttributeName", 400, query_code="InvalidAttributeName")


def test_set_read_only_attribute_is_rejected(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"QueueArn": "arn:aws:sqs:us-east-1:1:x"})
    assert_error(e, "InvalidAttributeName", 400)


def test_set_fifo_queue_on_standard_queue(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"FifoQueue": "true"})
    assert_error(e, "InvalidAttributeName", 400, query_code="InvalidAttributeName",
                 message="Unknown Attribute FifoQueue.")


def test_change_fifo_queue_type(sqs, fifo_queue):
    sqs.set_queue_attributes(QueueUrl=fifo_queue, Attributes={"FifoQueue": "true"})  # no change: fine
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=fifo_queue, Attributes={"FifoQueue": "false"})
    assert_error(e, "InvalidAttributeValue", 400, query_code="InvalidAttributeValue",
                 message="Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")


def test_set_fifo_content_based_deduplication(sqs, fifo_queue):
    sqs.set_queue_attributes(QueueUrl=fifo_queue, Attributes={"ContentBasedDeduplication": "true"})
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["ContentBasedDeduplication"])
    assert attrs["Attributes"] == {"ContentBasedDeduplication": "true"}


def test_set_attributes_updates_last_modified(sqs, queue):
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "45"})
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "45"
    assert int(attrs["LastModifiedTimestamp"]) >= int(attrs["CreatedTimestamp"])


def test_kms_sse_attributes_roundtrip(sqs, queue):
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={
        "KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000", "SqsManagedSseEnabled": "false",
    })
    attrs = sqs.get_queue_attributes(
        QueueUrl=queue, AttributeNames=["KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"],
    )["Attributes"]
    assert attrs == {"KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000",
                     "SqsManagedSseEnabled": "false"}


def test_kms_and_sqs_managed_sse_are_exclusive(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"KmsMasterKeyId": "testKeyId",
                                                             "SqsManagedSseEnabled": "true"})
    assert_error(e, "InvalidAttributeName", 400,
                 message="You can use one type of server-side encryption (SSE) at one time. "
                         "You can either enable KMS SSE or SQS SSE.")


def test_policy_attribute_roundtrip_and_removal(sqs, queue):
    policy = {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "s1", "Effect": "Allow", "Principal": "*",
            "Action": "sqs:SendMessage", "Resource": queue_arn(queue),
        }],
    }
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": json.dumps(policy)})
    got = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]
    assert json.loads(got["Policy"]) == policy
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": ""})
    assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"]).get("Attributes", {}) == {}


# --- Tags --------------------------------------------------------------------------------------

def test_create_queue_with_tags_and_list(sqs, queue_factory):
    url = queue_factory(tags={"team": "payments", "env": "test", "empty": ""})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "payments", "env": "test", "empty": ""}


def test_tag_untag_queue(sqs, queue):
    assert sqs.list_queue_tags(QueueUrl=queue).get("Tags", {}) == {}
    sqs.tag_queue(QueueUrl=queue, Tags={"a": "1", "b": "2"})
    sqs.tag_queue(QueueUrl=queue, Tags={"b": "3", "c": "4"})  # overwrite b, add c
    assert sqs.list_queue_tags(QueueUrl=queue)["Tags"] == {"a": "1", "b": "3", "c": "4"}
    sqs.untag_queue(QueueUrl=queue, TagKeys=["a", "c", "not-there"])
    assert sqs.list_queue_tags(QueueUrl=queue)["Tags"] == {"b": "3"}
    sqs.untag_queue(QueueUrl=queue, TagKeys=["b"])
    assert sqs.list_queue_tags(QueueUrl=queue).get("Tags", {}) == {}


def test_tags_on_nonexistent_queue(sqs, name_factory):
    url = queue_url_for(name_factory("notag"))
    for call in (
        lambda: sqs.tag_queue(QueueUrl=url, Tags={"a": "1"}),
        lambda: sqs.untag_queue(QueueUrl=url, TagKeys=["a"]),
        lambda: sqs.list_queue_tags(QueueUrl=url),
    ):
        with pytest.raises(ClientError) as e:
            call()
        assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)


# --- Permissions --------------------------------------------------------------------------------

def _policy(sqs, url):
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {})
    return json.loads(attrs["Policy"]) if "Policy" in attrs else None


def _as_set(v):
    return {v} if isinstance(v, str) else set(v)


def test_add_and_remove_permission(sqs, queue):
    sqs.add_permission(QueueUrl=queue, Label="AliceSend", AWSAccountIds=["111122223333"],
                       Actions=["SendMessage", "ReceiveMessage"])
    policy = _policy(sqs, queue)
    assert policy is not None
    [stmt] = policy["Statement"]
    assert stmt["Sid"] == "AliceSend"
    assert stmt["Effect"] == "Allow"
    assert stmt["Resource"] == queue_arn(queue)
    assert _as_set(stmt["Action"]) == {"SQS:SendMessage", "SQS:ReceiveMessage"}
    assert _as_set(stmt["Principal"]["AWS"]) == {"arn:aws:iam::111122223333:root"}

    sqs.add_permission(QueueUrl=queue, Label="BobRecv", AWSAccountIds=["444455556666"], Actions=["ReceiveMessage"])
    assert [s["Sid"] for s in _policy(sqs, queue)["Statement"]] == ["AliceSend", "BobRecv"]

    sqs.remove_permission(QueueUrl=queue, Label="AliceSend")
    assert [s["Sid"] for s in _policy(sqs, queue)["Statement"]] == ["BobRecv"]
    sqs.remove_permission(QueueUrl=queue, Label="BobRecv")
    # Removing the last statement removes the Policy attribute.
    assert _policy(sqs, queue) is None


def test_add_permission_policy_document(sqs, queue):
    sqs.add_permission(QueueUrl=queue, Label="lbl", AWSAccountIds=["111122223333"], Actions=["ReceiveMessage"])
    policy = _policy(sqs, queue)
    # AWS writes its generated queue policies in the 2008-10-17 policy language version.
    assert policy["Version"] == "2008-10-17"
    assert policy["Statement"][0]["Action"] == "SQS:ReceiveMessage"


def test_add_permission_duplicate_label(sqs, queue):
    sqs.add_permission(QueueUrl=queue, Label="dup", AWSAccountIds=["111122223333"], Actions=["SendMessage"])
    with pytest.raises(ClientError) as e:
        sqs.add_permission(QueueUrl=queue, Label="dup", AWSAccountIds=["111122223333"], Actions=["DeleteMessage"])
    assert_error(e, "InvalidParameterValue", 400, query_code="InvalidParameterValueException",
                 message="Value dup for parameter Label is invalid. Reason: Already exists.")


def test_remove_permission_unknown_label(sqs, queue):
    with pytest.raises(ClientError) as e:
        sqs.remove_permission(QueueUrl=queue, Label="nolabel")
    assert_error(e, "InvalidParameterValue", 400,
                 message="Value nolabel for parameter Label is invalid. Reason: can't find label.")


def test_add_permission_too_many_actions_is_over_limit(sqs, queue):
    actions = ["SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
               "GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListDeadLetterSourceQueues"]
    with pytest.raises(ClientError) as e:
        sqs.add_permission(QueueUrl=queue, Label="many", AWSAccountIds=["111122223333"], Actions=actions)
    assert_error(e, "OverLimit", 403, query_code="OverLimit")
    assert _policy(sqs, queue) is None


def test_add_permission_nonexistent_queue(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.add_permission(QueueUrl=queue_url_for(name_factory("np")), Label="x",
                           AWSAccountIds=["111122223333"], Actions=["SendMessage"])
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)


# --- PurgeQueue ----------------------------------------------------------------------------------

def test_purge_queue_and_second_purge_in_progress(sqs, queue):
    for i in range(3):
        sqs.send_message(QueueUrl=queue, MessageBody=f"m{i}")
    sqs.send_message(QueueUrl=queue, MessageBody="delayed", DelaySeconds=60)
    inflight = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=60)["Messages"]
    assert len(inflight) == 1
    sqs.purge_queue(QueueUrl=queue)
    time.sleep(0.5)
    assert queue_counts(sqs, queue) == (0, 0, 0)
    assert sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", []) == []
    with pytest.raises(ClientError) as e:
        sqs.purge_queue(QueueUrl=queue)
    assert_error(
        e, "AWS.SimpleQueueService.PurgeQueueInProgress", 403, query_code="PurgeQueueInProgress",
        message=f"Only one PurgeQueue operation on {queue_name(queue)} is allowed every 60 seconds.",
    )
    # Sending still works after a purge.
    sqs.send_message(QueueUrl=queue, MessageBody="after purge")
    got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2)["Messages"]
    assert [m["Body"] for m in got] == ["after purge"]


def test_purge_nonexistent_queue(sqs, name_factory):
    with pytest.raises(ClientError) as e:
        sqs.purge_queue(QueueUrl=queue_url_for(name_factory("npurge")))
    assert_error(e, "AWS.SimpleQueueService.NonExistentQueue", 400)
