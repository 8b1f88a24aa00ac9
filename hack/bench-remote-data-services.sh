#!/usr/bin/env bash
# The remote data-services benchmark: Redis ACL users kept on a remote cluster through its API
# server (port-forward), against the same on the operator's own cluster dialled directly, in the
# same run. Results in docs/benchmarks.md ("Data services on a remote cluster").
#
#   hack/bench-remote-data-services.sh [consumers] [changes]   default 50 consumers, 10 changes
set -euo pipefail
cd "$(dirname "$0")/.."
hack/envtest-binaries.sh --cluster > /dev/null
hack/ensure-redis.sh
mvn -B -pl operator test -Dtest=RemoteDataServicesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkeelson.bench.consumers="${1:-50}" -Dkeelson.bench.changes="${2:-10}" | grep -E '^\||^written to|Tests run|ERROR|FAIL' || true
