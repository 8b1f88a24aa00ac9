#!/usr/bin/env bash
# The shop's order benchmark: POST /orders at a fixed rate (default 200/s for 20 s) against the
# order, product and notification services in one process, beside a cached GET at the same rate
# as baseline, and the latency from order to notification. Each request kind is first run for the
# warm-up (default 40 s) so that the measured runs see compiled code, not the JIT compiler.
#   hack/bench-shop.sh [rate] [seconds] [warm-up seconds]
# KEELSON_BENCH_MVN_ARGS adds Maven arguments, e.g. '-DargLine=-XX:StartFlightRecording=filename=/tmp/shop.jfr'.
# Prints a Markdown table (also written to app-services/target/benchmarks/); docs/benchmarks.md
# explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/ensure-redis.sh
mvn -B -pl app-services test -Dtest=OrderBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.rate="${1:-200}" -Dkeelson.bench.seconds="${2:-20}" \
  -Dkeelson.bench.warmup="${3:-40}" ${KEELSON_BENCH_MVN_ARGS:-} | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
