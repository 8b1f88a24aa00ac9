#!/usr/bin/env bash
# The Service benchmark: N Services on a real API server, for each N (default 10,100,1000).
#   hack/bench-services.sh [10,100,1000]
# Prints a Markdown table (also written to operator/target/benchmarks/); docs/benchmarks.md
# explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
mvn -B -q package -DskipTests
mvn -B -pl operator test -Dtest=ServiceConvergenceBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.counts="${1:-10,100,1000}" | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
