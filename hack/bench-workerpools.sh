#!/usr/bin/env bash
# The WorkerPool scaling benchmark: reaction from a lag spike to the scale write at the default
# 5 s poll interval (N spikes, default 10), and Kafka requests and Kubernetes writes per poll on
# topics of 1 to 256 partitions.
#   hack/bench-workerpools.sh [10]
# Prints Markdown tables (also written to operator/target/benchmarks/); docs/benchmarks.md
# explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
mvn -B -pl operator test -Dtest=WorkerPoolScalingBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.spikes="${1:-10}" | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
