"""Fixtures for the Sluice client-compatibility suite.

The suite talks to a running Sluice server whose base URL is in $SLUICE_ENDPOINT
(e.g. http://127.0.0.1:9324). Every test creates its own uniquely named queues and
deletes them afterwards, so the suite can run against a server that holds other data.

Expected behaviour is Amazon SQS's (FINDINGS.md records where Sluice once differed and what AWS does).
"""
import os
import sys

import pytest
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(__file__))

from sqs_helpers import ENDPOINT, make_client, unique_name  # noqa: E402


@pytest.fixture(scope="session")
def endpoint():
    return ENDPOINT


@pytest.fixture(scope="session")
def sqs():
    """A boto3 SQS client (AWS JSON 1.0 protocol) pointed at Sluice."""
    return make_client()


@pytest.fixture
def other_sqs():
    """A second, independent client (for use from another thread)."""
    return make_client()




class QueueFactory:
    """Creates uniquely named queues and deletes them at teardown."""

    def __init__(self, client):
        self.client = client
        self.urls = []

    def __call__(self, prefix="compat", fifo=False, attributes=None, tags=None, name=None):
        name = name or unique_name(prefix)
        attrs = dict(attributes or {})
        if fifo:
            if not name.endswith(".fifo"):
                name += ".fifo"
            attrs.setdefault("FifoQueue", "true")
        kwargs = {"QueueName": name}
        if attrs:
            kwargs["Attributes"] = attrs
        if tags:
            kwargs["tags"] = tags
        url = self.client.create_queue(**kwargs)["QueueUrl"]
        self.urls.append(url)
        return url

    def cleanup(self):
        for url in reversed(self.urls):
            try:
                self.client.delete_queue(QueueUrl=url)
            except ClientError:
                pass


@pytest.fixture
def queue_factory(sqs):
    """queue_factory(prefix=..., fifo=False, attributes=None, tags=None) -> queue URL."""
    factory = QueueFactory(sqs)
    yield factory
    factory.cleanup()


@pytest.fixture
def fifo_queue_factory(queue_factory):
    """fifo_queue_factory(attributes=None, ...) -> URL of a new FIFO queue."""

    def make(prefix="compat", attributes=None, tags=None):
        return queue_factory(prefix=prefix, fifo=True, attributes=attributes, tags=tags)

    return make


@pytest.fixture
def queue(queue_factory):
    """URL of a fresh standard queue with default attributes."""
    return queue_factory()


@pytest.fixture
def fifo_queue(fifo_queue_factory):
    """URL of a fresh FIFO queue (no content-based deduplication)."""
    return fifo_queue_factory()


@pytest.fixture
def name_factory():
    return unique_name


# --- Step Functions --------------------------------------------------------------------------

from sfn_helpers import ROLE_ARN, make_sfn_client  # noqa: E402


@pytest.fixture(scope="session")
def sfn():
    """A boto3 Step Functions client (AWS JSON 1.0 protocol) pointed at Sluice."""
    return make_sfn_client()


class StateMachineFactory:
    """Creates uniquely named state machines and deletes them at teardown."""

    def __init__(self, client):
        self.client = client
        self.arns = []

    def __call__(self, definition, prefix="sfn", type=None, name=None, role_arn=ROLE_ARN, tags=None):
        kwargs = {"name": name or unique_name(prefix), "definition": definition, "roleArn": role_arn}
        if type:
            kwargs["type"] = type
        if tags:
            kwargs["tags"] = tags
        arn = self.client.create_state_machine(**kwargs)["stateMachineArn"]
        self.arns.append(arn)
        return arn

    def cleanup(self):
        for arn in reversed(self.arns):
            try:
                self.client.delete_state_machine(stateMachineArn=arn)
            except ClientError:
                pass


@pytest.fixture
def sm_factory(sfn):
    """sm_factory(definition, prefix=..., type=None, name=None, role_arn=..., tags=None) -> state machine ARN."""
    factory = StateMachineFactory(sfn)
    yield factory
    factory.cleanup()


@pytest.fixture(scope="session")
def lam():
    """A boto3 Lambda client (REST-JSON) pointed at Sluice."""
    from lambda_helpers import lambda_client
    return lambda_client()


@pytest.fixture
def function_factory(lam):
    from lambda_helpers import FunctionFactory
    factory = FunctionFactory(lam)
    yield factory
    factory.cleanup()
