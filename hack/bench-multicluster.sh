#!/usr/bin/env bash
# The multi-cluster benchmark: N Services (default 100) of one Platform on three remote clusters
# (real API servers), converged by the packaged operator; the latency of a change with all clusters
# up and with one down, and how soon the one that was down catches up.
#   hack/bench-multicluster.sh [services] [changes]
# Prints a Markdown table (also written to operator/target/benchmarks/); docs/benchmarks.md
# explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
mvn -B -q package -DskipTests
mvn -B -pl operator test -Dtest=MultiClusterBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.services="${1:-100}" -Dkeelson.bench.changes="${2:-20}" | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
