#!/usr/bin/env bash
# The data-services benchmark: a Platform with Kafka, Redis and MongoDB and N consumers (default 50).
#   hack/bench-data-services.sh [50]
# Prints a Markdown table (also written to operator/target/benchmarks/); docs/benchmarks.md
# explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
hack/ensure-redis.sh
mvn -B -pl operator test -Dtest=DataServicesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.consumers="${1:-50}" | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
