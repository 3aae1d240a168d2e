#!/usr/bin/env bash
# Starts a release `sluice serve` on a fresh data directory and runs every SQSLoad mode
# against it, one line each. Usage: Benchmarks/run-http.sh [durability]
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product sluice >/dev/null
swift build -c release --product SQSLoad >/dev/null
DATA=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
PORT=9650
./.build/release/sluice serve --port "$PORT" --data "$DATA" --durability "${1:-os}" --log-level warning &
SERVER=$!
# Wait for the server to exit before removing its data: a process still closing SQLite
# would unlink the WAL by name.
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
LOAD="./.build/release/SQSLoad --endpoint http://127.0.0.1:$PORT"
$LOAD --mode send-batch --connections 32 --batch 10 --duration 10 | tail -1
$LOAD --mode receive-delete --connections 32 --batch 10 --duration 5 --queue bench-rd | tail -1
$LOAD --mode send --connections 32 --duration 10 --queue bench-single | tail -1
$LOAD --mode steady --rate 1000 --duration 10 --queue bench-steady | tail -1
$LOAD --mode long-poll --duration 5 --queue bench-lp | tail -1
$LOAD --mode health --duration 5 | tail -1
echo "WAL after the run: $(stat -c %s "$DATA/sluice.sqlite-wal" 2>/dev/null || echo 0) bytes"
