"""A stage function for the compatibility tests: reads {"n": x} on stdin, prints {"n": 2x}.
{"fail": "Name"} makes it answer with a Lambda-style error object; {"exit": 3} exits non-zero."""
import json
import sys

event = json.load(sys.stdin)
if "fail" in event:
    print(json.dumps({"errorType": event["fail"], "errorMessage": "asked to fail"}))
elif "exit" in event:
    sys.stderr.write("exiting as asked\n")
    sys.exit(event["exit"])
else:
    print(json.dumps({"n": event["n"] * 2}))
