"""Handlers written for AWS Lambda, run by awslambdaric in the tests."""
import os
import time


def echo(event, context):
    return {
        "event": event,
        "request_id": context.aws_request_id,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "function": context.function_name,
        "memory": context.memory_limit_in_mb,
        "arn": context.invoked_function_arn,
        "client_context": getattr(context.client_context, "custom", None) if context.client_context else None,
        "pid": os.getpid(),
    }


def boom(event, context):
    raise ValueError("boom: " + str(event.get("why", "asked")))


def slow(event, context):
    time.sleep(event.get("sleep", 10))
    return "late"
