#!/usr/bin/env bash
# The leader failover benchmark: two packaged operator processes on a real API server, the leader
# killed (-9) N times (default 5); the time until the standby holds the Lease and until its first
# write, per round and the median.
#   hack/bench-failover.sh [rounds]
# Prints a Markdown table (also written to operator/target/benchmarks/); docs/benchmarks.md keeps
# the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
mvn -B -q package -DskipTests
mvn -B -pl operator test -Dtest=LeaderFailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.failovers="${1:-5}" | { grep -E '^\||^written to|Tests run|ERROR|FAIL' || true; }
exit "${PIPESTATUS[0]}"
