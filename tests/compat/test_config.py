"""`sluice serve --config FILE` creates the queues the file lists (scripts/test starts the server
with tests/compat/sluice-test.yaml), and a broken file stops start-up with a clear message."""
import os
import subprocess

import pytest

CONFIGURED = os.environ.get("SLUICE_CONFIGURED") == "1"
BINARY = os.environ.get("SLUICE_BIN")


@pytest.mark.skipif(not CONFIGURED, reason="server not started with tests/compat/sluice-test.yaml")
def test_config_queues_exist_with_their_attributes(sqs):
    url = sqs.get_queue_url(QueueName="config-orders")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "60"
    assert '"maxReceiveCount":5' in attributes["RedrivePolicy"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "payments"}
    fifo = sqs.get_queue_url(QueueName="config-events.fifo")["QueueUrl"]
    fifo_attributes = sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["All"])["Attributes"]
    assert fifo_attributes["FifoQueue"] == "true"
    assert fifo_attributes["ContentBasedDeduplication"] == "true"


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
@pytest.mark.parametrize("text, expected", [
    ("queues: [ {name: 'bad name!'} ]", "bad name!"),
    ("queues: [ {name: q, attributes: {VisibilityTimeout: 99999}} ]", "VisibilityTimeout"),
    ("queues: {not: a list", "not valid"),
    ("functions: {f: {command: [x], url: 'http://h/'}}", "function f needs exactly one of runtime"),
    ("functions: {g: {}}", "function g needs exactly one of runtime"),
    ("functions: {h: {command: [x], timeout: 0}}", "function h needs a timeout from 1 to 900 seconds"),
    ("functions: {i: {runtime: cobol85, handler: a.b, code: .}}", "function i has runtime 'cobol85'"),
    ("functions: {j: {runtime: python3.12, handler: a.b, code: ./no-such-dir}}", "function j has code ./no-such-dir"),
    ("functions: {k: {runtime: python3.12, handler: a.b, code: ., pool: nowhere}}", "function k names the pool nowhere"),
    ("functions: {l: {runtime: python3.12, handler: nodot, code: .}}", "function l needs a handler module.function"),
    ("functions: {m: {runtime: python3.12, handler: a.b, code: ., timout: 5}}", "function m has an unknown setting 'timout'"),
    ("pools: {p: {workers: 0}}", "pool p needs workers from 1 to 256"),
    ("pools: {p: {workers: 2, sizee: 1}}", "pool p has an unknown setting 'sizee'"),
    ("pools: {p: {overflowQueue: 'bad name!'}}", "pool p names an overflowQueue"),
])
def test_broken_config_stops_start_up_with_a_clear_message(tmp_path, text, expected):
    config = tmp_path / "sluice.yaml"
    config.write_text(text)
    result = subprocess.run(
        [BINARY, "serve", "--port", "0", "--data", str(tmp_path / "data"), "--config", str(config)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
def test_missing_config_file_is_named(tmp_path):
    result = subprocess.run(
        [BINARY, "serve", "--port", "0", "--data", str(tmp_path / "data"), "--config", str(tmp_path / "nope.yaml")],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "nope.yaml" in result.stderr


@pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")
def test_too_small_payload_segment_size_is_refused(tmp_path):
    result = subprocess.run(
        [BINARY, "serve", "--port", "0", "--data", str(tmp_path / "data"), "--payload-segment-size", "100"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "--payload-segment-size must be at least 4096 bytes, not 100" in result.stderr, result.stderr
    assert not (tmp_path / "data").exists(), "nothing is created before the options are checked"
