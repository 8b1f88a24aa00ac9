#!/usr/bin/env bash
# Keelson installed and upgraded by the Operator Lifecycle Manager itself, end to end, on a
# simulated cluster (hack/local-cluster.sh: API server, controller manager, scheduler, kwok):
#   1. OLM's olm and catalog operators (built from operator-lifecycle-manager by hack/olm-tools.sh)
#      and their CRDs;
#   2. a catalog holding Keelson 0.1.0, served on loopback by operator-registry's gRPC server
#      (olm-check serve; the bundles are rendered with their objects inline, so no image is pulled),
#      a CatalogSource with spec.address, an OperatorGroup (AllNamespaces) and a Subscription;
#   3. InstallPlan Complete, the CRDs installed, the CSV Succeeded (kwok makes its two pods Ready);
#   4. the operator run as the CSV's Deployment describes it — its ServiceAccount's token, so the
#      CSV's RBAC is what the API server enforces, and its environment resolved against its pod
#      (olm.targetNamespaces included) — reconciling samples/quickstart.yaml to Ready;
#   5. the catalog gains 0.2.0 (replaces 0.1.0): OLM upgrades, the custom resources are untouched,
#      and the new CSV's operator reconciles a change.
# No container runs here, so the operator process stands in for the CSV's pods (issue 16 brings a
# real node). Prints the times it measured; everything it started is stopped on exit.
#
#   hack/olm-e2e.sh [--no-build] [--mode all|multi]
#     --no-build      use operator/target as it is (hack/test.sh, after run-local.sh built it)
#     --mode all      (default) an AllNamespaces OperatorGroup: install, quickstart, upgrade
#     --mode multi    a MultiNamespace OperatorGroup (demo, edge): install and quickstart with the
#                     permissions OLM grants in the target namespaces only, and none elsewhere
set -euo pipefail
shopt -s inherit_errexit   # a failing step inside $(...) fails the script too
cd "$(dirname "$0")/.."
root=$(pwd)
build=true
mode=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=false ;;
    --mode) mode=${2:?--mode all|multi}; shift ;;
    *) echo "usage: hack/olm-e2e.sh [--no-build] [--mode all|multi]" >&2; exit 2 ;;
  esac
  shift
done
[[ $mode == all || $mode == multi ]] || { echo "--mode is all or multi" >&2; exit 2; }
name=olm-e2e
port=${KEELSON_OLM_E2E_PORT:-17443}
registry_port=$((port + 1000))
operator_http=$((port + 1100))
log() { printf '[olm-e2e %s] %s\n' "$(date +%T)" "$*" >&2; }
work=""
show_logs() {
  [[ -n "$work" ]] || return 0
  for f in olm catalog serve operator; do [[ -f $work/$f.log ]] && { echo "--- $f.log (end)"; tail -n 15 "$work/$f.log"; }; done >&2
}
fail() { log "FAILED: $*"; show_logs; exit 1; }

tools=$(hack/envtest-binaries.sh --cluster | tail -n 1)
kubectl_bin="$tools/k8s/1.37.2-linux-amd64/kubectl"
olm_dir=$(hack/olm-tools.sh | tail -n 1)
for p in "$registry_port" "$operator_http"; do
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && fail "port $p on 127.0.0.1 is taken (set KEELSON_OLM_E2E_PORT)"
done
if $build; then
  log "building the operator"
  mvn -B -q package -DskipTests
fi
[[ -f operator/target/test-classpath.txt ]] || mvn -B -q -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
classpath="operator/target/test-classes:operator/target/classes:$(cat operator/target/test-classpath.txt)"

work=$(mktemp -d)
pids=()
# Stops a process this script started: SIGTERM, up to 20 s, then SIGKILL; and forgets it.
stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local left=()
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || left+=("$p"); done
  pids=("${left[@]}")
}
cleanup() {
  for pid in "${pids[@]}"; do stop "$pid"; done
  hack/local-cluster.sh down "$name" >/dev/null 2>&1 || true
  if [[ "${KEEP_LOGS:-}" == "" ]]; then rm -rf "$work"; else log "logs kept in $work"; fi
}
trap cleanup EXIT
trap show_logs ERR

log "starting the simulated cluster '$name' on port $port"
hack/local-cluster.sh up "$name" "$port"
kubeconfig=$(hack/local-cluster.sh kubeconfig "$name")
k() { "$kubectl_bin" --kubeconfig "$kubeconfig" "$@"; }
# Waits until a jsonpath of an object has a value: wait_for SECONDS WHAT kubectl-get-args...
wait_for() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 5))); do
    [[ "$(k get "$@" 2>/dev/null)" == "$what" ]] && return 0
    sleep 0.2
  done
  fail "after ${seconds}s, 'kubectl get $*' is '$(k get "$@" 2>&1)', not '$what'"
}

log "installing OLM's CRDs and starting OLM (olm, catalog)"
k apply --server-side -f "$olm_dir/crds/" >/dev/null
k wait --for=condition=Established crd --all --timeout=60s >/dev/null
KUBECONFIG="$kubeconfig" "$olm_dir/olm" > "$work/olm.log" 2>&1 &
pids+=($!)
"$olm_dir/catalog" --kubeconfig "$kubeconfig" > "$work/catalog.log" 2>&1 &
pids+=($!)

# A catalog of these releases, rendered from the bundles OlmBundle makes (as bundle/ is made).
catalog_of() {
  local dir="$work/catalog-$(IFS=-; echo "$*")"
  mkdir -p "$dir/keelson-operator"
  local bundles=()
  for version in "$@"; do
    java -Dkeelson.root="$root" -cp "$classpath" dev.keelson.operator.build.OlmBundle bundle "$version" "$work/bundle-$version"
    bundles+=("$work/bundle-$version")
  done
  { java -Dkeelson.root="$root" -cp "$classpath" dev.keelson.operator.build.OlmBundle channels "$@"
    echo "---"; "$olm_dir/olm-check" render --output yaml "${bundles[@]}"; } > "$dir/keelson-operator/catalog.yaml"
  "$olm_dir/olm-check" catalog "$dir" >&2
  echo "$dir"
}
serve() {
  "$olm_dir/olm-check" serve --port "$registry_port" --cache-dir "$work/cache-$RANDOM" "$1" > "$work/serve.log" 2>&1 &
  serve_pid=$!
  pids+=($serve_pid)
  for _ in $(seq 150); do grep -q "serving on" "$work/serve.log" && return 0; kill -0 $serve_pid 2>/dev/null || break; sleep 0.2; done
  fail "the registry did not start: $(cat "$work/serve.log")"
}

log "serving a catalog of Keelson 0.1.0 on 127.0.0.1:$registry_port"
serve "$(catalog_of 0.1.0)"

for ns in keelson-system demo edge; do
  k create namespace "$ns" --dry-run=client -o yaml | k apply --server-side -f - >/dev/null
  k label namespace "$ns" pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
done
if [[ $mode == all ]]; then group_spec='{}'; else group_spec='{targetNamespaces: [demo, edge]}'; fi
log "OperatorGroup of mode $mode: spec $group_spec"
k apply --server-side -f - >/dev/null <<YAML
apiVersion: operators.coreos.com/v1alpha1
kind: CatalogSource
metadata: {name: keelson-catalog, namespace: keelson-system}
spec: {sourceType: grpc, address: "127.0.0.1:$registry_port", displayName: Keelson, publisher: Keelson}
---
apiVersion: operators.coreos.com/v1
kind: OperatorGroup
metadata: {name: keelson, namespace: keelson-system}
spec: $group_spec
YAML
wait_for 60 READY catalogsource/keelson-catalog -n keelson-system -o 'jsonpath={.status.connectionState.lastObservedState}'

log "subscribing to keelson-operator (channel stable)"
start=$(date +%s.%N)
k apply --server-side -f - >/dev/null <<YAML
apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata: {name: keelson-operator, namespace: keelson-system}
spec: {name: keelson-operator, channel: stable, source: keelson-catalog, sourceNamespace: keelson-system, installPlanApproval: Automatic}
YAML
wait_for 120 Succeeded csv/keelson-operator.v0.1.0 -n keelson-system -o 'jsonpath={.status.phase}'
install_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}')
plan=$(k get subscription keelson-operator -n keelson-system -o 'jsonpath={.status.installPlanRef.name}')
wait_for 10 Complete installplan/"$plan" -n keelson-system -o 'jsonpath={.status.phase}'
for crd in platforms services workerpools; do wait_for 10 True crd/$crd.platform.keelson.dev -o 'jsonpath={.status.conditions[?(@.type=="Established")].status}'; done
wait_for 30 2 deployment/keelson-operator -n keelson-system -o 'jsonpath={.status.readyReplicas}'
log "installed: InstallPlan $plan Complete, CRDs established, CSV Succeeded after ${install_seconds}s, 2 pods ready"

# The operator process as the CSV's Deployment describes it: its ServiceAccount and the environment
# of its container, resolved against one of its pods (fieldRefs included).
run_operator_of_deployment() {
  local pod account env_file
  # A pod of the Deployment's current template (during and after an upgrade, the old ones may still be terminating).
  local hash
  hash=$(k get rs -n keelson-system -l app.kubernetes.io/name=keelson-operator -o json | python3 -c '
import json, sys
sets = [r for r in json.load(sys.stdin)["items"] if r["spec"].get("replicas", 0) > 0]
print(max(sets, key=lambda r: int(r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]))["metadata"]["labels"]["pod-template-hash"])')
  pod=$(k get pods -n keelson-system -l "app.kubernetes.io/name=keelson-operator,pod-template-hash=$hash" -o json | python3 -c '
import json, sys
print(next(p["metadata"]["name"] for p in json.load(sys.stdin)["items"] if not p["metadata"].get("deletionTimestamp")))')
  account=$(k get deployment keelson-operator -n keelson-system -o 'jsonpath={.spec.template.spec.serviceAccountName}')
  env_file="$work/env-$pod"
  k get pod "$pod" -n keelson-system -o json | python3 -c '
import json, re, sys
pod = json.load(sys.stdin)
def field(path):
    m = re.fullmatch(r"metadata\.(annotations|labels)\[\x27(.+)\x27\]", path)
    if m: return pod["metadata"].get(m.group(1), {}).get(m.group(2), "")
    node = pod
    for part in path.split("."): node = node[part]
    return node
for e in pod["spec"]["containers"][0].get("env", []):
    if "value" in e: value = e["value"]
    elif "fieldRef" in e.get("valueFrom", {}): value = field(e["valueFrom"]["fieldRef"]["fieldPath"])
    else: sys.exit("cannot resolve env " + e["name"])
    print(e["name"] + "=" + value)
' > "$env_file"
  local server ca token
  server=$(k config view --raw -o 'jsonpath={.clusters[0].cluster.server}')
  ca=$(k config view --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}')
  [[ -n "$ca" ]] || ca=$(base64 -w0 < "$(k config view --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority}')")
  token=$(k create token "$account" -n keelson-system --duration=1h)
  cat > "$work/operator.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "$server", certificate-authority-data: "$ca"}}]
users: [{name: u, user: {token: "$token"}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
KUBECONFIG
  log "running the operator as pod $pod: ServiceAccount $account, $(tr '\n' ' ' < "$env_file")"
  env $(cat "$env_file") KUBECONFIG="$work/operator.kubeconfig" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$operator_http \
    MALLOC_ARENA_MAX=2 java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -Xss512k \
    -jar operator/target/quarkus-app/quarkus-run.jar > "$work/operator.log" 2>&1 &
  operator_pid=$!
  pids+=($operator_pid)
}
run_operator_of_deployment
if [[ $mode == all ]]; then
  grep -q "^KEELSON_WATCH_NAMESPACES=$" "$work/env-"* || fail "KEELSON_WATCH_NAMESPACES is not the empty olm.targetNamespaces of an AllNamespaces install"
else
  grep -Eq "^KEELSON_WATCH_NAMESPACES=(demo,edge|edge,demo)$" "$work/env-"* || fail "KEELSON_WATCH_NAMESPACES is not the OperatorGroup's demo,edge: $(cat "$work/env-"*)"
  as_operator=(--as system:serviceaccount:keelson-system:keelson-operator)
  [[ "$(k auth can-i patch secrets -n demo "${as_operator[@]}")" == yes ]] || fail "OLM granted no Secrets in the target namespace demo"
  [[ "$(k auth can-i patch secrets -n default "${as_operator[@]}" || true)" == no ]] || fail "the operator may write Secrets outside its target namespaces"
  log "OLM granted the CSV's permissions in demo and edge, and nothing in other namespaces"
fi

log "applying samples/quickstart.yaml into namespace demo"
k apply --server-side -n demo -f samples/quickstart.yaml >/dev/null
k wait --for=condition=Ready platform/demo service.platform.keelson.dev/hello -n demo --timeout=120s >/dev/null \
  || fail "the quickstart is not Ready: $(k get platform/demo service.platform.keelson.dev/hello -n demo -o wide 2>&1)"
uids_before=$(k get platform/demo service.platform.keelson.dev/hello -n demo -o 'jsonpath={.items[*].metadata.uid}')
log "the quickstart is Ready, reconciled with the CSV's ServiceAccount"

if [[ $mode == multi ]]; then
  log "passed (MultiNamespace): install to CSV Succeeded ${install_seconds}s, the quickstart reconciled"
  echo "olm-e2e mode=multi install_seconds=$install_seconds"
  exit 0
fi

log "the catalog gains 0.2.0 (replaces 0.1.0): restarting the registry with it"
catalog2=$(catalog_of 0.1.0 0.2.0)
stop "$serve_pid"
start=$(date +%s.%N)
serve "$catalog2"
wait_for 180 Succeeded csv/keelson-operator.v0.2.0 -n keelson-system -o 'jsonpath={.status.phase}'
upgrade_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}')
for _ in $(seq 150); do k get csv keelson-operator.v0.1.0 -n keelson-system >/dev/null 2>&1 || break; sleep 0.2; done
k get csv keelson-operator.v0.1.0 -n keelson-system >/dev/null 2>&1 && fail "the CSV of 0.1.0 is still there after the upgrade"
wait_for 10 keelson-operator.v0.2.0 subscription/keelson-operator -n keelson-system -o 'jsonpath={.status.installedCSV}'
[[ "$(k get deployment keelson-operator -n keelson-system -o 'jsonpath={.spec.template.spec.containers[0].image}')" == quay.io/keelson/keelson-operator:0.2.0 ]] \
  || fail "the Deployment does not run the 0.2.0 image"
uids_after=$(k get platform/demo service.platform.keelson.dev/hello -n demo -o 'jsonpath={.items[*].metadata.uid}')
[[ "$uids_before" == "$uids_after" ]] || fail "the custom resources changed across the upgrade: $uids_before -> $uids_after"
log "upgraded to 0.2.0 in ${upgrade_seconds}s; the custom resources are the same objects"

log "the 0.2.0 operator takes over and reconciles a change"
stop "$operator_pid"
wait_for 30 2 deployment/keelson-operator -n keelson-system -o 'jsonpath={.status.readyReplicas}'
run_operator_of_deployment
k patch service.platform.keelson.dev/hello -n demo --type merge -p '{"spec":{"replicas":2}}' >/dev/null
generation=$(k get service.platform.keelson.dev/hello -n demo -o 'jsonpath={.metadata.generation}')
wait_for 120 "$generation" service.platform.keelson.dev/hello -n demo -o 'jsonpath={.status.conditions[?(@.type=="Reconciled")].observedGeneration}'
wait_for 30 2 deployment/hello -n demo -o 'jsonpath={.spec.replicas}'
log "passed: install to CSV Succeeded ${install_seconds}s, upgrade to CSV Succeeded ${upgrade_seconds}s"
echo "olm-e2e install_seconds=$install_seconds upgrade_seconds=$upgrade_seconds"
