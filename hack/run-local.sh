#!/usr/bin/env bash
# Keelson's main job on a local, embedded default: a simulated Kubernetes cluster (built from Go
# modules on first use), the CRDs, the operator, every sample applied, and the status printed.
#
#   hack/run-local.sh          run, print the status, then stop everything
#   hack/run-local.sh --keep   leave the cluster and the operator running (it prints how to stop)
set -euo pipefail
cd "$(dirname "$0")/.."
keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

cluster=local
port=${KEELSON_LOCAL_PORT:-16443}
run_dir="${KEELSON_RUN_DIR:-$HOME/.cache/keelson/run}"
log() { printf '\n== %s\n' "$*"; }

log "building the control plane binaries (first run only: about 10 minutes)"
tools=$(hack/envtest-binaries.sh --cluster | tail -n 1)
kubectl_bin="$tools/k8s/1.37.2-linux-amd64/kubectl"

log "building the operator"
mvn -B -q package -DskipTests

log "starting the simulated cluster '$cluster'"
hack/local-cluster.sh up "$cluster" "$port"
kubeconfig=$(hack/local-cluster.sh kubeconfig "$cluster")
kubectl() { "$kubectl_bin" --kubeconfig "$kubeconfig" "$@"; }

operator_pid=
cleanup() {
  [[ -n "$operator_pid" ]] && kill "$operator_pid" 2>/dev/null || true
  hack/local-cluster.sh down "$cluster"
}
$keep || trap cleanup EXIT

log "installing the CRDs"
kubectl apply --server-side -f crds/
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null

log "starting the operator (log: $run_dir/$cluster/operator.log)"
# The image's JVM settings (Dockerfile).
KUBECONFIG="$kubeconfig" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$((port + 10010)) MALLOC_ARENA_MAX=2 \
  java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -Xss512k \
  -jar operator/target/quarkus-app/quarkus-run.jar > "$run_dir/$cluster/operator.log" 2>&1 &
operator_pid=$!
echo "$operator_pid" >> "$run_dir/$cluster/pids"

log "applying samples/ (quickstart into namespace demo, shop/ into namespace shop)"
kubectl create namespace demo --dry-run=client -o yaml | kubectl apply --server-side -f - >/dev/null
kubectl create namespace shop --dry-run=client -o yaml | kubectl apply --server-side -f - >/dev/null
kubectl apply --server-side -n demo -f samples/quickstart.yaml
kubectl apply --server-side -n shop -f samples/shop/

log "waiting for every Platform and Service to be Ready"
for ns in demo shop; do
  if ! kubectl wait -n "$ns" --for=condition=Ready platforms.platform.keelson.dev,services.platform.keelson.dev --all --timeout=180s; then
    echo "not everything became Ready; the operator's log ends with:" >&2
    tail -n 30 "$run_dir/$cluster/operator.log" >&2
    exit 1
  fi
done

log "status"
kubectl get keelson -A
echo
kubectl get deployments,services -n shop -l app.kubernetes.io/managed-by=keelson
echo
kubectl describe services.platform.keelson.dev -n shop order-service | sed -n '/^Status:/,$p'

if $keep; then
  log "still running: export KUBECONFIG=$kubeconfig; stop with: hack/local-cluster.sh down $cluster"
fi
