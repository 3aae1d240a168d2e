#!/usr/bin/env python3
"""A `provided` runtime for the tests: speaks the Runtime API with http.client over one
keep-alive connection. Events: {"echo": x} answers x; {"fail": "Type"} posts an error;
{"sleep": s} sleeps; {"exit": n} exits; {"kill": true} kills itself; {"print": "text"}
prints; {"allocate": mb} holds that much memory; {"spawn": true} starts a child that sleeps."""
import http.client
import json
import os
import signal
import subprocess
import sys
import time

api = os.environ["AWS_LAMBDA_RUNTIME_API"]
held = []
if os.environ.get("FAIL_INIT"):
    connection = http.client.HTTPConnection(api)
    connection.request("POST", "/2018-06-01/runtime/init/error",
                       json.dumps({"errorType": "Runtime.TestInitError", "errorMessage": "init failed as asked"}),
                       {"Lambda-Runtime-Function-Error-Type": "Runtime.TestInitError"})
    connection.getresponse().read()
    sys.exit(1)
connection = http.client.HTTPConnection(api)
while True:
    connection.request("GET", "/2018-06-01/runtime/invocation/next")
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(2)
    request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
    event = json.loads(body)
    if "print" in event:
        print(event["print"], flush=True)
    if "exit" in event:
        sys.exit(event["exit"])
    if "kill" in event:
        os.kill(os.getpid(), signal.SIGKILL)
    if "allocate" in event:
        held.append(b"\x01" * (event["allocate"] * 1024 * 1024))
    if "spawn" in event:
        subprocess.Popen(["sleep", str(event["spawn"])])
    if "sleep" in event:
        time.sleep(event["sleep"])
    if "fail" in event:
        connection.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/error",
                           json.dumps({"errorType": event["fail"], "errorMessage": "failed as asked"}),
                           {"Lambda-Runtime-Function-Error-Type": event["fail"]})
    else:
        answer = {"echo": event.get("echo"), "pid": os.getpid(),
                  "deadline": int(response.getheader("Lambda-Runtime-Deadline-Ms")),
                  "function": os.environ["AWS_LAMBDA_FUNCTION_NAME"]}
        connection.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/response", json.dumps(answer))
    connection.getresponse().read()
