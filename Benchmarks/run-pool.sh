#!/usr/bin/env bash
# Builds the release sluice (each worker's keeper) and the trivial C bootstrap, then runs
# PoolBench: warm round trips and throughput of both runtimes with two workers, and dispatch
# latency on the local path and through the overflow queue. Usage: Benchmarks/run-pool.sh [args]
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && swift build -c release --product sluice >/dev/null)
mkdir -p .build
cc -O2 -Wall -o .build/bootstrap functions/bootstrap.c
swift build -c release --product PoolBench >/dev/null
./.build/release/PoolBench --sluice ../.build/release/sluice --bootstrap .build/bootstrap "$@"
