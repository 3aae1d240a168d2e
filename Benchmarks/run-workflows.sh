#!/usr/bin/env bash
# Starts a release `sluice serve` on a fresh data directory and runs every WorkflowLoad mode
# against it, one line each. Usage: Benchmarks/run-workflows.sh [durability]
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product sluice >/dev/null
swift build -c release --product WorkflowLoad >/dev/null
DATA=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
PORT=9651
./.build/release/sluice serve --port "$PORT" --data "$DATA" --durability "${1:-os}" --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
LOAD="./.build/release/WorkflowLoad --endpoint http://127.0.0.1:$PORT"
$LOAD --mode express --connections 32 --duration 10
$LOAD --mode standard --connections 32 --duration 10
$LOAD --mode transition --duration 5
