#!/usr/bin/env bash
# Starts a release `sluice serve` on a fresh data directory and runs every SQSLoad mode
# against it, one line each. Usage: Benchmarks/run-http.sh [durability]
set -euo pipefail
cd "$(dirname "$0")"
PORT=9650
GENERATOR=SQSLoad
source ./serve-release.sh "$@"
LOAD="./.build/release/SQSLoad --endpoint http://127.0.0.1:$PORT"
$LOAD --mode send-batch --connections 32 --batch 10 --duration 10 | tail -1
$LOAD --mode receive-delete --connections 32 --batch 10 --duration 5 --queue bench-rd | tail -1
$LOAD --mode send --connections 32 --duration 10 --queue bench-single | tail -1
$LOAD --mode steady --rate 1000 --duration 10 --queue bench-steady | tail -1
$LOAD --mode long-poll --duration 5 --queue bench-lp | tail -1
$LOAD --mode health --duration 5 | tail -1
echo "WAL after the run: $(stat -c %s "$DATA/sluice.sqlite-wal" 2>/dev/null || echo 0) bytes"
