#!/usr/bin/env bash
# Starts a release `sluice serve` on a fresh data directory and runs every WorkflowLoad mode
# against it, one line each. Usage: Benchmarks/run-workflows.sh [durability]
set -euo pipefail
cd "$(dirname "$0")"
PORT=9651
GENERATOR=WorkflowLoad
source ./serve-release.sh "$@"
LOAD="./.build/release/WorkflowLoad --endpoint http://127.0.0.1:$PORT"
$LOAD --mode express --connections 32 --duration 10
$LOAD --mode standard --connections 32 --duration 10
$LOAD --mode transition --duration 5
