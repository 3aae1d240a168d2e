"""The trivial Python handler of the pool benchmarks, run by awslambdaric."""
import time


def handler(event, context):
    return {"received": time.time_ns() // 1000}


def sleeper(event, context):
    time.sleep(event.get("sleep", 60))
    return "slept"
