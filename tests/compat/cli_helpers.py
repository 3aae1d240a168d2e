"""Runs the `sluice` binary (SLUICE_BIN) against the test server."""
import os
import subprocess

import pytest

from sqs_helpers import ENDPOINT

BINARY = os.environ.get("SLUICE_BIN")
needs_binary = pytest.mark.skipif(not BINARY, reason="SLUICE_BIN not set")


def run_sluice(group, *args, check=True):
    """`sluice GROUP ARGS… --endpoint ENDPOINT`; with check, a zero exit is asserted."""
    result = subprocess.run([BINARY, group, *args, "--endpoint", ENDPOINT],
                            capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, (group, args, result.stdout, result.stderr)
    return result
