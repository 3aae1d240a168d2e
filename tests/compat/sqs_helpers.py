"""Shared helpers for the compatibility suite (no fixtures here; see conftest.py)."""
import hashlib
import json
import os
import struct
import time
import uuid
from urllib.parse import urlencode

import boto3
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("SLUICE_ENDPOINT", "http://127.0.0.1:9324").rstrip("/")
ACCOUNT = "000000000000"
REGION = "us-east-1"
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "secret"
XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/"


def unique_name(prefix="compat"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make_client():
    return boto3.client(
        "sqs",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(
            retries={"total_max_attempts": 1},  # surface every error, never hide a 500 behind a retry
            connect_timeout=5,
            read_timeout=60,
        ),
    )


# --- names, URLs, ARNs -------------------------------------------------------------------

def queue_name(url):
    return url.rstrip("/").rsplit("/", 1)[1]


def queue_url_for(name):
    return f"{ENDPOINT}/{ACCOUNT}/{name}"


def queue_arn_for(name):
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def queue_arn(url):
    return queue_arn_for(queue_name(url))


# --- errors -----------------------------------------------------------------------------

def assert_error(err, code, status, query_code=None, message=None, message_contains=None):
    """Check a botocore ClientError (or pytest ExceptionInfo wrapping one).

    code: boto's Error.Code (the legacy query code, from x-amzn-query-error).
    query_code: boto's Error.QueryErrorCode (the JSON __type shape name).
    """
    if hasattr(err, "value"):
        err = err.value
    assert isinstance(err, ClientError), f"expected ClientError, got {err!r}"
    resp = err.response
    error = resp.get("Error", {})
    got_status = resp.get("ResponseMetadata", {}).get("HTTPStatusCode")
    summary = f"status={got_status} error={error}"
    assert error.get("Code") == code, summary
    assert got_status == status, summary
    if query_code is not None:
        assert error.get("QueryErrorCode") == query_code, summary
    if message is not None:
        assert error.get("Message") == message, summary
    if message_contains is not None:
        for part in [message_contains] if isinstance(message_contains, str) else message_contains:
            assert part in (error.get("Message") or ""), summary
    return error


# --- MD5 digests as AWS computes them ----------------------------------------------------

def md5_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.md5(data).hexdigest()


def _len_prefixed(b):
    return struct.pack(">I", len(b)) + b


def md5_of_attributes(attrs):
    """MD5OfMessageAttributes / MD5OfMessageSystemAttributes (AWS SDK algorithm)."""
    if not attrs:
        return None
    buf = b""
    for name in sorted(attrs):
        value = attrs[name]
        buf += _len_prefixed(name.encode("utf-8"))
        buf += _len_prefixed(value["DataType"].encode("utf-8"))
        if value.get("StringValue") is not None:
            buf += b"\x01" + _len_prefixed(value["StringValue"].encode("utf-8"))
        elif value.get("BinaryValue") is not None:
            bv = value["BinaryValue"]
            if isinstance(bv, str):
                bv = bv.encode("utf-8")
            buf += b"\x02" + _len_prefixed(bv)
        elif value.get("StringListValues"):
            buf += b"\x03" + b"".join(_len_prefixed(s.encode("utf-8")) for s in value["StringListValues"])
        elif value.get("BinaryListValues"):
            buf += b"\x04" + b"".join(_len_prefixed(b) for b in value["BinaryListValues"])
    return hashlib.md5(buf).hexdigest()


# --- raw requests (signed with SigV4 like a real SDK) ------------------------------------

def signed_headers(url, body, headers, service="sqs"):
    req = AWSRequest(method="POST", url=url, data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), service, REGION).add_auth(req)
    return dict(req.headers.items())


def raw_json(action, payload, raw_body=None, target=None):
    """POST an AWS JSON 1.0 request. payload is a dict, or raw_body a str/bytes."""
    body = raw_body if raw_body is not None else json.dumps(payload)
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": target or f"AmazonSQS.{action}",
    }
    url = ENDPOINT + "/"
    return requests.post(url, data=body, headers=signed_headers(url, body, headers), timeout=30)


def raw_query(params, url=None):
    """POST a query-protocol (form) request; returns the requests.Response."""
    url = url or (ENDPOINT + "/")
    params = dict(params)
    params.setdefault("Version", "2012-11-05")
    body = urlencode(params).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return requests.post(url, data=body, headers=signed_headers(url, body, headers), timeout=30)


# --- receiving --------------------------------------------------------------------------

def receive_all(client, url, expected, timeout=5.0, **kwargs):
    """Receive until `expected` messages were collected (or timeout); returns the list."""
    got = []
    deadline = time.monotonic() + timeout
    kwargs.setdefault("MaxNumberOfMessages", 10)
    kwargs.setdefault("WaitTimeSeconds", 1)
    while len(got) < expected and time.monotonic() < deadline:
        got.extend(client.receive_message(QueueUrl=url, **kwargs).get("Messages", []))
    return got


def queue_counts(client, url):
    attrs = client.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=[
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ],
    )["Attributes"]
    return (
        int(attrs["ApproximateNumberOfMessages"]),
        int(attrs["ApproximateNumberOfMessagesNotVisible"]),
        int(attrs["ApproximateNumberOfMessagesDelayed"]),
    )


def wait_until(predicate, timeout=10.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return value
        time.sleep(interval)
