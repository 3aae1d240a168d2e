"""Helpers for the Lambda tests: clients, deployment packages made from handler source, and a
factory that deletes the functions a test made."""
import io
import json
import os
import stat
import textwrap
import time
import zipfile

import boto3
from botocore.config import Config

from sqs_helpers import ENDPOINT, REGION, unique_name

ROLE = "arn:aws:iam::000000000000:role/sluice-test"


def lambda_client(endpoint=ENDPOINT, read_timeout=120):
    return boto3.client(
        "lambda", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"total_max_attempts": 1}, read_timeout=read_timeout, connect_timeout=5))


def package(files):
    """A zip of {path: source or (source, mode)}; sources are dedented."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            mode = 0o644
            if isinstance(content, tuple):
                content, mode = content
            info = zipfile.ZipInfo(path)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, textwrap.dedent(content))
    return buffer.getvalue()


def python_package(source, module="app"):
    return package({f"{module}.py": source})


# A `provided` runtime in Python's standard library: the Runtime API by hand, as a custom
# runtime in any language speaks it. The handler module is _HANDLER's part before the dot.
BOOTSTRAP = """\
    #!/usr/bin/env python3
    import http.client, importlib, json, os, sys, traceback
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    module, function = os.environ["_HANDLER"].rsplit(".", 1)
    handler = getattr(importlib.import_module(module), function)
    api = http.client.HTTPConnection(os.environ["AWS_LAMBDA_RUNTIME_API"])
    while True:
        api.request("GET", "/2018-06-01/runtime/invocation/next")
        response = api.getresponse()
        event = json.loads(response.read())
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        try:
            body, kind = json.dumps(handler(event, request_id)), "response"
        except Exception as error:
            body, kind = json.dumps({"errorType": type(error).__name__, "errorMessage": str(error)}), "error"
        api.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/{kind}", body)
        api.getresponse().read()
"""


def provided_package(source, module="handler"):
    return package({"bootstrap": (BOOTSTRAP, 0o755), f"{module}.py": source})


class FunctionFactory:
    """Creates uniquely named functions and deletes them at teardown."""

    def __init__(self, client):
        self.client = client
        self.names = []

    def __call__(self, source=None, zip_bytes=None, runtime="python3.12", handler="app.handler", prefix="fn", **kwargs):
        name = kwargs.pop("name", None) or unique_name(prefix)
        code = zip_bytes if zip_bytes is not None else python_package(source)
        self.client.create_function(
            FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": code}, **kwargs)
        self.names.append(name)
        return name

    def cleanup(self):
        for name in self.names:
            try:
                self.client.delete_function(FunctionName=name)
            except Exception:
                pass


def invoke_json(client, name, event=None, **kwargs):
    """Invokes and returns (status, function error, parsed payload, response)."""
    response = client.invoke(FunctionName=name, Payload=json.dumps(event if event is not None else {}), **kwargs)
    raw = response["Payload"].read()
    return response["StatusCode"], response.get("FunctionError"), json.loads(raw) if raw else None, response


def wait_for(condition, timeout=30, interval=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return condition()
