#!/usr/bin/env bash
# The Service benchmark: N Services on a real API server, for each N (default 10,100,1000).
#   hack/bench-services.sh [10,100,1000] [extra Maven -D options]
# Builds raw-apply (hack/bench-tools: client-go, the fastest plain client) for the baseline beside
# the fabric8 one. Prints a Markdown table (also written to operator/target/benchmarks/);
# docs/benchmarks.md explains the columns and keeps the results with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh > /dev/null
command -v go >/dev/null || { echo "go is not on PATH; install Go 1.26 first" >&2; exit 1; }
tools=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}/bench-tools
mkdir -p "$tools"
(cd hack/bench-tools && go build -trimpath -o "$tools/raw-apply" ./raw-apply)
counts=${1:-10,100,1000}
shift || true
mvn -B -q package -DskipTests
mvn -B -pl operator test -Dtest=ServiceConvergenceBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.counts="$counts" -Dkeelson.bench.rawApply="$tools/raw-apply" "$@" | grep -E '^\||^written to|^Operator JVM|Tests run|ERROR|FAIL' || true
