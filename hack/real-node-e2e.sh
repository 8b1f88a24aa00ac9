#!/usr/bin/env bash
# End to end on a real node (hack/real-node.sh): the images built here (hack/images.sh) run as
# containers under the kubelet and containerd, and Keelson runs from its own image, installed from
# deploy/keelson-operator.yaml as the Deployment a user applies. It proves, each step a check that
# fails the run:
#   1. the operator's two replicas start from the image (non-root, read-only root file system), one
#      holds the leader Lease, both pass their probes;
#   2. a Platform's standalone Redis runs from Keelson's StatefulSet and start script in a namespace
#      that enforces Pod Security "restricted" (which also refuses a privileged pod there), and a
#      workload connects to it with nothing but the binding Keelson mounted (its readiness is that
#      connection);
#   3. the Redis pod killed: the StatefulSet starts it again on its volume, the ACL users are still
#      there, the workload reconnects, the Platform is Ready again;
#   4. sentinel mode: three Redis and three Sentinels from Keelson's scripts; the master hangs, the
#      Sentinels elect a replica, the workload (asking the Sentinels, as a Sentinel-aware client
#      does) writes to the new master as its own ACL user, the old master's pod replaced rejoins as
#      a replica, the Platform is Ready again;
#   5. a changed binding (another key prefix) rolls the workload's real pods;
#   6. the operator's leader killed with SIGKILL while Services are being applied: they converge, each
#      with one Deployment whose spec was written once (generation 1, one ReplicaSet);
#   7. samples/quickstart.yaml as a user applies it: its Service's real pods pass their probes and
#      answer through the ClusterIP Service Keelson made (kube-proxy's rules).
# The shop on a real node is hack/run-local.sh's (hack/lib/real-node-shop.sh).
# And throughout: a pod's connection to an address outside the machine dies at the node's guard.
# NetworkPolicies are not enforced: the CNI plugins buildable here (Debian's bridge) have no policy
# engine. The remote clusters of the other tests stay kwok.
#
#   hack/real-node-e2e.sh              build the Quarkus apps first (mvn package)
#   hack/real-node-e2e.sh --no-build   use what mvn package built already
set -euo pipefail
cd "$(dirname "$0")/.."
build=true
[[ "${1:-}" == --no-build ]] && build=false
name=real
port=${KEELSON_REAL_NODE_PORT:-17443}
run_dir="${KEELSON_RUN_DIR:-$HOME/.cache/keelson/run}/$name"
start=$(date +%s)
log() { printf '\n== [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
# wait_for, ready, restricted_namespace, node_volumes, install_keelson, quickstart_in_demo, real_cluster_down
source hack/lib/real-node-shop.sh

tools=$(hack/node-binaries.sh | tail -n 1)
kubectl_bin="$tools/k8s/1.37.2-linux-amd64/kubectl"
ctr_bin="$tools/node/ctr"
if $build; then
  log "building the operator and the shop"
  mvn -B -q package -DskipTests
fi
log "building the images"
hack/images.sh

diagnostics() {
  echo "---- diagnostics" >&2
  kubectl get pods -A -o wide >&2 || true
  kubectl get events -A --sort-by=.lastTimestamp 2>/dev/null | tail -n 25 >&2 || true
  kubectl get platforms.platform.keelson.dev,services.platform.keelson.dev -A -o yaml 2>/dev/null | grep -A3 -E '^\s+message:|reason:' | tail -n 40 >&2 || true
  local ns pod
  for ns in cache ha; do
    for pod in $(kubectl get pods -n "$ns" -o name 2>/dev/null); do
      echo "---- $ns $pod" >&2; kubectl logs -n "$ns" "$pod" --tail=8 >&2 || true
    done
  done
  for pod in $(kubectl get pods -n keelson-system -o name 2>/dev/null); do
    echo "---- $pod" >&2; kubectl logs -n keelson-system "$pod" --tail=30 >&2 || true
  done
  echo "---- kubelet" >&2; tail -n 20 "$run_dir/node/kubelet.log" >&2 || true
}
fail() { printf '   FAILED: %s\n' "$*" >&2; diagnostics; exit 1; }
cleanup() {
  local rc=$?
  if [[ $rc != 0 && -n "${KEELSON_E2E_KEEP:-}" ]]; then
    echo "kept for a look (KEELSON_E2E_KEEP): KUBECONFIG=$(hack/local-cluster.sh kubeconfig "$name"); stop with hack/local-cluster.sh down $name" >&2
    exit $rc
  fi
  real_cluster_down "$name" || rc=1
  exit $rc
}
rm -f "$run_dir.real-node-diff"
trap cleanup EXIT

log "a cluster with a real node"
KEELSON_REAL_NODE=1 hack/local-cluster.sh up "$name" "$port"
kubeconfig=$(hack/local-cluster.sh kubeconfig "$name")
kubectl() { "$kubectl_bin" --kubeconfig "$kubeconfig" "$@"; }
kubectl get nodes -o wide

node_volumes 8

log "1. the operator from deploy/keelson-operator.yaml, its image built here"
install_keelson
holder=$(kubectl get lease -n keelson-system -o jsonpath='{.items[0].spec.holderIdentity}')
[[ "$holder" == keelson-operator-* ]] || fail "no operator pod holds the leader Lease (holder: '$holder')"
ok "two replicas Ready, $holder leads"
uid=$(kubectl exec -n keelson-system "$holder" -- id -u)
[[ "$uid" == 185 ]] || fail "the operator runs as uid $uid, not the image's 185"
rofs=$(kubectl exec -n keelson-system "$holder" -- touch /x 2>&1 || true)
[[ "$rofs" == *"Read-only file system"* ]] || fail "touch / in the operator's container: '$rofs', not a read-only file system"
ok "it runs as uid 185 on a read-only root file system"

client_service() { # namespace name key-prefix
  cat <<YAML
apiVersion: platform.keelson.dev/v1alpha1
kind: Service
metadata: {name: $2}
spec:
  image: keelson.test/redis-client:1
  ports: [{name: http, port: 8080}]
  resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
  uses:
    redis: {keyPrefix: $3}
YAML
}
redis_platform() { # name (namespace and Platform) redis-spec workload (also its key prefix)
  { printf 'apiVersion: platform.keelson.dev/v1alpha1\nkind: Platform\nmetadata: {name: %s}\n' "$1"
    printf 'spec:\n  profile: dev\n  redis: %s\n---\n' "$2"
    client_service "$1" "$3" "$3"; } | kubectl apply --server-side -n "$1" -f - >/dev/null
}
container_pid() { # namespace pod: the host PID of the pod's first container
  local id
  id=$(kubectl get pod -n "$1" "$2" -o jsonpath='{.status.containerStatuses[0].containerID}')
  "$ctr_bin" -a "$run_dir/node/containerd.sock" -n k8s.io tasks ls | awk -v id="${id#containerd://}" '$1 == id {print $2}'
}
client_log() { # namespace service
  local pod
  for pod in $(kubectl get pods -n "$1" -l "app.kubernetes.io/name=$2" -o name); do kubectl logs -n "$1" "$pod"; done
}

log "2. a standalone Redis in a namespace enforcing Pod Security 'restricted', and a workload using its binding"
restricted_namespace cache
refused=$(kubectl run -n cache privileged --image=redis:7.2 --privileged --restart=Never 2>&1 || true)
[[ "$refused" == *'violates PodSecurity "restricted'* ]] || fail "a privileged pod in a restricted namespace: $refused"
ok "a privileged pod is refused there"
redis_platform cache '{mode: standalone}' orders
wait_for 180 "the Platform cache is Ready (Redis answered, the workload's ACL user exists)" ready cache platforms.platform.keelson.dev cache
wait_for 120 "the workload orders is Ready: its pods wrote and read a key with the binding's user" ready cache services.platform.keelson.dev orders
redis_uid=$(kubectl exec -n cache cache-redis-0 -- id -u)
[[ "$redis_uid" == 999 ]] || fail "Redis runs as uid $redis_uid"
ok "Redis runs as uid 999; its pod was admitted under 'restricted'"

# Nothing a pod sends leaves the machine: a connection to an address outside it is dropped by the
# node's guard (its counter moves), not routed out.
guard_drops() { iptables -w -t mangle -L FORWARD -v -x -n | awk '/keelson real-node guard: '"$name"'/ {n += $1} END {print n + 0}'; }
drops_before=$(guard_drops)
orders_pod=$(kubectl get pods -n cache -l app.kubernetes.io/name=orders -o jsonpath='{.items[0].metadata.name}')
if kubectl exec -n cache "$orders_pod" -- nc -w 2 198.51.100.1 80 </dev/null >/dev/null 2>&1; then
  fail "a pod connected to 198.51.100.1, outside this machine"
fi
(( $(guard_drops) > drops_before )) || fail "the connection to 198.51.100.1 failed, but not at the node's guard"
ok "a pod's connection to an address outside the machine is dropped by the guard ($(( $(guard_drops) - drops_before )) packets)"

log "3. the Redis pod killed: its volume keeps the data and the ACL users"
before_uid=$(kubectl get pod -n cache cache-redis-0 -o jsonpath='{.metadata.uid}')
kubectl delete pod -n cache cache-redis-0 --grace-period=0 --force >/dev/null 2>&1
wait_for 120 "a new cache-redis-0 runs" bash -c "[[ \$('$kubectl_bin' --kubeconfig '$kubeconfig' get pod -n cache cache-redis-0 -o jsonpath='{.metadata.uid} {.status.containerStatuses[0].ready}') == *' true' && \$('$kubectl_bin' --kubeconfig '$kubeconfig' get pod -n cache cache-redis-0 -o jsonpath='{.metadata.uid}') != '$before_uid' ]]"
users=$(kubectl exec -n cache cache-redis-0 -- sh -c 'grep -c "^user " /data/users.acl')
(( users >= 2 )) || fail "/data/users.acl holds $users users after the restart"
ok "the ACL file on the volume still holds $users users"
wait_for 90 "the workload orders is Ready again" ready cache services.platform.keelson.dev orders
wait_for 90 "the Platform cache is Ready again" ready cache platforms.platform.keelson.dev cache
client_log cache orders | grep -q failing || echo "   (the workload's pods did not notice the restart between two writes)"

log "4. sentinel mode: the master hangs, the Sentinels elect another, the workload follows"
restricted_namespace ha
redis_platform ha '{mode: sentinel, replicas: 3}' carts
wait_for 300 "the Platform ha is Ready (three Redis, three Sentinels, users on every instance)" ready ha platforms.platform.keelson.dev ha
wait_for 120 "the workload carts is Ready through the Sentinels" ready ha services.platform.keelson.dev carts
sentinel() { kubectl exec -n ha ha-redis-sentinel-0 -- sh -c 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p 26379 --raw "$@"' _ "$@"; }
master=$(sentinel sentinel get-master-addr-by-name ha | head -n 1)
master_pod=${master%%.*}
[[ "$master_pod" == ha-redis-[0-2] ]] || fail "the Sentinels name no master pod ($master)"
ok "the master is $master_pod"
# The master hangs (SIGSTOP from the node, as a partition or a stalled host would look): a pod
# deleted instead comes back within Sentinel's 5 s down-after and stays master (seen here).
master_pid=$(container_pid ha "$master_pod")
kill -STOP "$master_pid"
wait_for 90 "the Sentinels elected another master" bash -c "m=\$('$kubectl_bin' --kubeconfig '$kubeconfig' exec -n ha ha-redis-sentinel-0 -- sh -c 'REDISCLI_AUTH=\"\$REDIS_PASSWORD\" redis-cli -p 26379 --raw sentinel get-master-addr-by-name ha' | head -n 1); [[ -n \$m && \${m%%.*} != $master_pod ]]"
new_master=$(sentinel sentinel get-master-addr-by-name ha | head -n 1)
ok "the new master is ${new_master%%.*}"
wait_for 90 "the workload carts writes to the new master as its own ACL user" bash -c "pods=\$('$kubectl_bin' --kubeconfig '$kubeconfig' get pods -n ha -l app.kubernetes.io/name=carts -o name); [[ -n \$pods ]] || exit 1; for p in \$pods; do '$kubectl_bin' --kubeconfig '$kubeconfig' logs -n ha \$p | tail -n 1 | grep -q 'ok master=${new_master%%.*}\.' || exit 1; done"
# The hung master's pod replaced: its start script asks the Sentinels and rejoins as a replica.
kill -CONT "$master_pid"
kubectl delete pod -n ha "$master_pod" --grace-period=0 --force >/dev/null 2>&1
wait_for 120 "$master_pod restarted as a replica of ${new_master%%.*}" bash -c "'$kubectl_bin' --kubeconfig '$kubeconfig' exec -n ha $master_pod -- sh -c 'REDISCLI_AUTH=\"\$REDIS_PASSWORD\" redis-cli --raw role' 2>/dev/null | head -n 2 | tr '\n' ' ' | grep -q '^slave ${new_master%%.*}\.'"
wait_for 180 "the Platform ha is Ready again" ready ha platforms.platform.keelson.dev ha
wait_for 60 "the workload carts is Ready" ready ha services.platform.keelson.dev carts

log "5. a changed binding rolls the workload's pods"
old_pods=$(kubectl get pods -n cache -l app.kubernetes.io/name=orders -o jsonpath='{.items[*].metadata.name}')
client_service cache orders orders-v2 | kubectl apply --server-side -n cache -f - >/dev/null
wait_for 120 "every pod of orders is new and uses the new prefix" bash -c "pods=\$('$kubectl_bin' --kubeconfig '$kubeconfig' get pods -n cache -l app.kubernetes.io/name=orders --field-selector=status.phase=Running -o jsonpath='{.items[*].metadata.name}'); [[ -n \$pods ]] || exit 1; for p in \$pods; do [[ ' $old_pods ' != *\" \$p \"* ]] || exit 1; '$kubectl_bin' --kubeconfig '$kubeconfig' exec -n cache \$p -- cat /bindings/redis/key-prefix | grep -q '^orders-v2:' || exit 1; done; (( \$(wc -w <<<\"\$pods\") == 2 ))"
wait_for 120 "orders is Ready with the new binding" ready cache services.platform.keelson.dev orders

log "6. the operator's leader killed (SIGKILL) while Services are applied"
holder=$(kubectl get lease -n keelson-system -o jsonpath='{.items[0].spec.holderIdentity}')
pid=$(container_pid keelson-system "$holder")
[[ -n "$pid" ]] || fail "no process for the leader's container"
for i in 1 2 3 4 5; do client_service cache "burst-$i" "burst$i"; echo ---; done | kubectl apply --server-side -n cache -f - >/dev/null
kill -9 "$pid"
ok "killed $holder (pid $pid) right after applying 5 Services"
for i in 1 2 3 4 5; do
  wait_for 240 "burst-$i is Ready" ready cache services.platform.keelson.dev "burst-$i"
done
for i in 1 2 3 4 5; do
  deployments=$(kubectl get deployments -n cache -l "app.kubernetes.io/name=burst-$i" -o name | wc -l)
  generation=$(kubectl get deployment -n cache "burst-$i" -o jsonpath='{.metadata.generation}')
  replicasets=$(kubectl get replicasets -n cache -l "app.kubernetes.io/name=burst-$i" -o name | wc -l)
  [[ "$deployments" == 1 && "$generation" == 1 && "$replicasets" == 1 ]] \
    || fail "burst-$i: $deployments Deployments, generation $generation, $replicasets ReplicaSets"
done
ok "each has one Deployment, written once (generation 1, one ReplicaSet)"
restarts=$(kubectl get pod -n keelson-system "$holder" -o jsonpath='{.status.containerStatuses[0].restartCount}' 2>/dev/null || echo gone)
ok "the killed replica restarted ($restarts restarts); leader now $(kubectl get lease -n keelson-system -o jsonpath='{.items[0].spec.holderIdentity}')"

log "7. samples/quickstart.yaml, unchanged, in a namespace enforcing 'restricted'"
quickstart_in_demo
cluster_ip=$(kubectl get service -n demo hello -o jsonpath='{.spec.clusterIP}')
answer=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$cluster_ip:8080/health/ready") || true
[[ "$answer" == 200 ]] || fail "hello's Service at $cluster_ip:8080 answered $answer to /health/ready"
ok "hello answers through its Service's ClusterIP $cluster_ip (kube-proxy): /health/ready 200"

log "the node's footprint"
for what in kubelet containerd kube-proxy coredns; do
  pid=$(pgrep -f "^$tools/[^ ]*/$what " | head -n 1 || true)
  [[ -n "$pid" ]] && printf '   %-10s %6s MiB resident\n' "$what" "$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))"
done
printf '   %s pods running\n' "$(kubectl get pods -A --field-selector=status.phase=Running -o name | wc -l)"
log "all real-node checks passed"
