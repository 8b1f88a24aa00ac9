#!/usr/bin/env bash
# A simulated Kubernetes cluster on this machine, from the binaries hack/envtest-binaries.sh
# builds: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok with one fake
# Node, so that Deployments get Pods that become Ready (no container runs).
#
#   hack/local-cluster.sh up NAME [PORT]   start it; API server on 127.0.0.1:PORT (default 16443)
#   hack/local-cluster.sh down NAME        stop it and delete its data
#   hack/local-cluster.sh kubeconfig NAME  print the path of its admin kubeconfig
#
# Everything lives in $KEELSON_RUN_DIR/NAME (default ~/.cache/keelson/run/NAME); every port is
# derived from PORT so that several clusters can run side by side. Only loopback is used.
#
# The fake Node's kubelet is kwok's: `kubectl port-forward` to a pod goes through the API server to
# kwok. With KEELSON_KWOK_PORT_FORWARDS="6379=17379 27017=17017" a pod port is forwarded to that
# port on 127.0.0.1 (a stand-in for what the pod would run), for every pod of the cluster.
#
# With KEELSON_REAL_NODE=1 the cluster gets a real node instead of kwok's fake one
# (hack/real-node.sh: kubelet, containerd, kube-proxy, CNI, CoreDNS; one such cluster at a time).
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=${1:?usage: hack/local-cluster.sh up|down|kubeconfig NAME [PORT]}
name=${2:?cluster name missing}
port=${3:-16443}
run_dir="${KEELSON_RUN_DIR:-$HOME/.cache/keelson/run}/$name"
log() { printf '[local-cluster %s] %s\n' "$name" "$*" >&2; }

stop_cluster() {
  [[ -d "$run_dir/node" ]] && hack/real-node.sh down "$name"
  if [[ -f "$run_dir/pids" ]]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done < <(tac "$run_dir/pids")
    for _ in $(seq 1 50); do
      alive=0
      while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$run_dir/pids"
      [[ $alive == 0 ]] && break
      sleep 0.2
    done
    while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$run_dir/pids"
  fi
  rm -rf "$run_dir"
}

case "$cmd" in
  kubeconfig) echo "$run_dir/admin.kubeconfig"; exit 0 ;;
  down) stop_cluster; log "stopped"; exit 0 ;;
  up) ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac

tools=$(hack/envtest-binaries.sh --cluster | tail -n 1)
bin="$tools/k8s/1.37.2-linux-amd64"
etcd_port=$((port + 10000)); etcd_peer=$((port + 10001))
kcm_port=$((port + 10002)); sched_port=$((port + 10003)); kwok_port=$((port + 10004))

stop_cluster
mkdir -p "$run_dir/etcd" "$run_dir/pki"
pki="$run_dir/pki"

log "creating certificates"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=keelson-local-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
source hack/lib/pki.sh
sign "$pki" apiserver "/CN=kube-apiserver" "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
sign "$pki" admin "/O=system:masters/CN=keelson-admin"
real_node=${KEELSON_REAL_NODE:-0}
address_flags=(--bind-address 127.0.0.1 --advertise-address 127.0.0.1 --endpoint-reconciler-type none)
if [[ "$real_node" == 1 ]]; then
  # The node's bridge and guards first: its pods reach the API server through the kubernetes
  # Service at the node's IP (the API server listens on every address, and the guard takes only
  # loopback and the pod bridge). It reaches a real kubelet (logs, exec, port-forward) at that IP,
  # with a client certificate, checking the kubelet's serving certificate.
  node_ip=$(hack/real-node.sh network "$name" "$port" | tail -n 1)
  sign "$pki" apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  address_flags=(--bind-address 0.0.0.0 --advertise-address "$node_ip" --endpoint-reconciler-type lease
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" --kubelet-client-key "$pki/apiserver-kubelet-client.key"
    --kubelet-certificate-authority "$pki/ca.crt" --kubelet-preferred-address-types InternalIP)
fi
openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

kubeconfig="$run_dir/admin.kubeconfig"
kubeconfig_for "$pki" "$name" "$port" admin > "$kubeconfig"

start() { # name command...
  local what=$1; shift
  "$@" > "$run_dir/$what.log" 2>&1 &
  echo $! >> "$run_dir/pids"
}

log "starting etcd on 127.0.0.1:$etcd_port"
start etcd "$bin/etcd" --data-dir "$run_dir/etcd" --name "$name" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "$name=http://127.0.0.1:$etcd_peer" --unsafe-no-fsync

log "starting kube-apiserver on https://127.0.0.1:$port"
start kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" "${address_flags[@]}" \
  --secure-port "$port" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --authorization-mode Node,RBAC \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
  --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=true
apiserver_pid=$(tail -n 1 "$run_dir/pids")

ready=false
for _ in $(seq 1 120); do
  kill -0 "$apiserver_pid" 2>/dev/null || break
  if curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
    ready=true; break
  fi
  sleep 0.5
done
$ready || { log "kube-apiserver did not become ready; see $run_dir/kube-apiserver.log"; tail -20 "$run_dir/kube-apiserver.log" >&2; exit 1; }

log "starting kube-controller-manager and kube-scheduler"
# nodeipam is off (kwok's fake Node has no real pod CIDR); nodelifecycle stays on: it removes the
# not-ready taint every new Node gets on admission.
start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$kubeconfig" \
  --authentication-kubeconfig "$kubeconfig" --authorization-kubeconfig "$kubeconfig" \
  --controllers '*,-nodeipam' --leader-elect=false --bind-address 127.0.0.1 --secure-port "$kcm_port" \
  --flex-volume-plugin-dir "$run_dir/flex-volume" \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" --use-service-account-credentials=false
start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$kubeconfig" \
  --authentication-kubeconfig "$kubeconfig" --authorization-kubeconfig "$kubeconfig" \
  --leader-elect=false --bind-address 127.0.0.1 --secure-port "$sched_port"

if [[ "$real_node" == 1 ]]; then
  hack/real-node.sh up "$name" "$port"
  log "ready: KUBECONFIG=$kubeconfig"
  exit 0
fi

log "starting kwok with one fake Node"
kwok_config=(--config "$bin/kwok-stages.yaml")
if [[ -n "${KEELSON_KWOK_PORT_FORWARDS:-}" ]]; then
  {
    printf 'apiVersion: kwok.x-k8s.io/v1alpha1\nkind: ClusterPortForward\nmetadata: {name: stand-ins}\nspec:\n  forwards:\n'
    for forward in $KEELSON_KWOK_PORT_FORWARDS; do
      printf '  - {ports: [%s], target: {address: 127.0.0.1, port: %s}}\n' "${forward%%=*}" "${forward#*=}"
    done
  } > "$run_dir/kwok-port-forward.yaml"
  kwok_config+=(--config "$run_dir/kwok-port-forward.yaml")
fi
start kwok "$bin/kwok" --kubeconfig "$kubeconfig" "${kwok_config[@]}" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --server-address "127.0.0.1:$kwok_port" --cidr 10.244.0.0/16

kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
kubectl apply --server-side -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $name-node-1
  annotations: {kwok.x-k8s.io/node: fake}
  labels:
    kubernetes.io/hostname: $name-node-1
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: $name-zone-a
    type: kwok
spec: {}
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "250"}
  capacity: {cpu: "32", memory: 256Gi, pods: "250"}
  # Where the API server dials the Node's kubelet (kwok) for a port-forward. Both addresses: the
  # API server prefers the Hostname, and kwok keeps the addresses only when it has both.
  addresses:
  - {type: InternalIP, address: 127.0.0.1}
  - {type: Hostname, address: localhost}
  daemonEndpoints:
    kubeletEndpoint: {Port: $kwok_port}
NODE
kubectl wait --for=condition=Ready "node/$name-node-1" --timeout=60s >/dev/null
log "ready: KUBECONFIG=$kubeconfig"
