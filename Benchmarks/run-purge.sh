#!/usr/bin/env bash
# How much a large PurgeQueue holds up other queues: fills one queue with send-batch for
# $FILL_SECONDS (default 20: about 1.5M messages), then purges it while a steady 1,000 msgs/s
# runs on another queue. Prints the purge's duration and the steady sends' latency.
# Usage: Benchmarks/run-purge.sh [durability]
set -euo pipefail
cd "$(dirname "$0")"
PORT=9651
GENERATOR=SQSLoad
source ./serve-release.sh "$@"
LOAD="./.build/release/SQSLoad --endpoint http://127.0.0.1:$PORT"
$LOAD --mode send-batch --connections 32 --batch 10 --duration "${FILL_SECONDS:-20}" --queue purge-backlog | tail -1
$LOAD --mode steady --rate 1000 --duration 10 --queue purge-steady | tail -1 &
STEADY=$!
sleep 3
START=$(date +%s%N)
curl -sf -X POST -H 'X-Amz-Target: AmazonSQS.PurgeQueue' -H 'Content-Type: application/x-amz-json-1.0' \
    -d "{\"QueueUrl\":\"http://127.0.0.1:$PORT/000000000000/purge-backlog\"}" "http://127.0.0.1:$PORT/" >/dev/null
echo "PurgeQueue returned after $(( ($(date +%s%N) - START) / 1000000 )) ms; the steady sends during and around it:"
wait $STEADY
