#!/usr/bin/env bash
# Compares `sluice` binaries under one SQSLoad mode, alternating them run by run so that the
# host's drift (up to ±35% here) falls on both alike, and prints for each its msgs/s and the
# server's CPU per request (read from /proc), sorted, one figure per run.
#
# Usage: Benchmarks/compare-servers.sh [-r ROUNDS] [-d SECONDS] MODE BINARY... [-- SQSLoad options]
# e.g.   Benchmarks/compare-servers.sh -r 3 -d 5 send-batch /tmp/sluice-old .build/release/sluice
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=3
SECONDS_PER_RUN=5
while getopts "r:d:" option; do
    case $option in
    r) ROUNDS=$OPTARG ;;
    d) SECONDS_PER_RUN=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
MODE=${1:?MODE (send-batch, receive-delete, send, health) is required}
shift
BINARIES=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do BINARIES+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#BINARIES[@]} -gt 0 ] || { echo "at least one sluice binary is required" >&2; exit 2; }
swift build -c release --product SQSLoad >/dev/null 2>&1 || { echo "building SQSLoad failed: run swift build -c release --product SQSLoad in Benchmarks/" >&2; exit 1; }
LOAD=./.build/release/SQSLoad
PORT=9657
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

run_once() {
    local binary=$1
    shift
    local data
    data=$(mktemp -d "${TMPDIR:-/tmp}/sluice-compare.XXXXXX")
    "$binary" serve --port $PORT --data "$data" --durability os --log-level warning &
    local server=$!
    sleep 1
    local extra=()
    if [ "$MODE" = receive-delete ]; then
        # Fill first, outside the measured window.
        $LOAD --endpoint http://127.0.0.1:$PORT --mode receive-delete --duration 0.1 \
            --fill $((40000 * SECONDS_PER_RUN * 2)) --queue compare >/dev/null
        extra=(--queue compare --fill 0)
    fi
    local before after line
    before=$(awk '{print $14 + $15}' /proc/$server/stat)
    line=$($LOAD --endpoint http://127.0.0.1:$PORT --mode "$MODE" --duration "$SECONDS_PER_RUN" "${extra[@]}" "$@" | tail -1)
    after=$(awk '{print $14 + $15}' /proc/$server/stat)
    kill $server
    wait $server 2>/dev/null || true
    rm -rf "$data"
    local messages requests
    messages=$(echo "$line" | grep -o '= [0-9]* msgs/s' | tr -dc 0-9)
    requests=$(echo "$line" | grep -o '([0-9]* req/s)' | tr -dc 0-9)
    # Clock ticks are 1/100 s: µs per request = ticks * 10^4 / requests.
    echo "$binary $messages $(((after - before) * 10000 / (requests * SECONDS_PER_RUN)))" >>"$RESULTS"
}

for round in $(seq "$ROUNDS"); do
    for binary in "${BINARIES[@]}"; do
        run_once "$binary" "$@"
    done
    echo "round $round of $ROUNDS done" >&2
done
for binary in "${BINARIES[@]}"; do
    rates=$(grep "^$binary " "$RESULTS" | awk '{print $2}' | sort -n | tr '\n' ' ')
    cpu=$(grep "^$binary " "$RESULTS" | awk '{print $3}' | sort -n | tr '\n' ' ')
    echo "$binary: msgs/s ${rates}| server CPU µs/request ${cpu}"
done
