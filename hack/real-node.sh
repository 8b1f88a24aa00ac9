#!/usr/bin/env bash
# A real Kubernetes node for a cluster of hack/local-cluster.sh: kubelet, containerd with runc,
# kube-proxy, the CNI bridge and CoreDNS, so that its pods run real containers from images built
# here (hack/images.sh). hack/local-cluster.sh calls it when KEELSON_REAL_NODE=1.
#
#   hack/real-node.sh network NAME PORT  the node's network, before the cluster's API server starts
#   hack/real-node.sh up NAME PORT       attach a node NAME-node-1 to the cluster NAME (API server on PORT)
#   hack/real-node.sh down NAME          stop it and put the machine back as it was
#
# What it touches on this machine, all restored by `down` (which checks and says so):
#   - two bridges, kb-NAME (the pods' 10.246.0.0/24, its address 10.246.0.1 is the node's IP,
#     where the kubelet and the cluster DNS listen) and ks-NAME, an empty one the Service CIDR
#     (10.96.0.0/16) is routed into, so that a packet kube-proxy did not rewrite dies here;
#   - net.ipv4.ip_forward (pod to Service to pod crosses the host), with a guard in the mangle
#     table that drops everything forwarded into or out of the pod bridge from anywhere else:
#     nothing a pod sends leaves this machine;
#   - a chain KEELSON-NODE-NAME in the filter table's INPUT: the cluster's API server listens on all
#     addresses (its pods reach it through the kubernetes Service at the node's IP), and the chain
#     takes packets for PORT and for the node's IP from loopback and the pod bridge only;
#   - the KUBE- chains of kube-proxy and the kubelet (both IP families), the kubepods cgroups;
#   - an INPUT rule dropping what pods send to any address of this machine but the node's IP, and
#     one in ip6tables keeping the API server's port (it listens on IPv6 too) to loopback.
# containerd, the kubelet and kube-proxy run in one private mount namespace: tmpfs on /run and
# /var/lib (their hard-coded paths), /var/log bound to the node's folder, and the machine-wide
# sysctls the kubelet would set (overcommit, panic) shown to it read-only with the values it wants.
# The cgroups are v1 here, and this VM lacks CAP_SYS_RESOURCE: the kubelet runs with
# failCgroupV1: false and oomScoreAdj: 0, containerd with restrict_oom_score_adj.
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=${1:?usage: hack/real-node.sh up NAME PORT | down NAME}
name=${2:?cluster name missing}
port=${3:-16443}
cluster_dir="${KEELSON_RUN_DIR:-$HOME/.cache/keelson/run}/$name"
node_dir="$cluster_dir/node"
node="$name-node-1"
pod_cidr=10.246.0.0/24
node_ip=10.246.0.1
service_cidr=10.96.0.0/16
bridge="kb-${name:0:12}"
sink="ks-${name:0:12}"
log() { printf '[real-node %s] %s\n' "$name" "$*" >&2; }

input_chain="KEELSON-NODE-${name:0:15}"
guard_rules() { # add|delete
  local op=-I; [[ $1 == delete ]] && op=-D
  iptables -w -t mangle "$op" FORWARD -i "$bridge" ! -o "$bridge" -j DROP -m comment --comment "keelson real-node guard: $name"
  iptables -w -t mangle "$op" FORWARD -o "$bridge" ! -i "$bridge" -j DROP -m comment --comment "keelson real-node guard: $name"
  if [[ $1 == add ]]; then
    iptables -w -N "$input_chain"
    iptables -w -A "$input_chain" -i lo -j RETURN
    iptables -w -A "$input_chain" -i "$bridge" -j RETURN
    iptables -w -A "$input_chain" -j DROP
  fi
  iptables -w "$op" INPUT -p tcp --dport "$port" -j "$input_chain"
  iptables -w "$op" INPUT -d "$node_ip" -j "$input_chain"
  # From the pods, new connections to the node's IP only: no other service of this machine carries
  # their traffic on (replies to the host's own connections, to a ClusterIP say, pass).
  iptables -w "$op" INPUT -i "$bridge" ! -d "$node_ip" -m conntrack --ctstate NEW -j DROP -m comment --comment "keelson real-node guard: $name"
  # The API server listens on IPv6 too (a wildcard bind): there, loopback only.
  ip6tables -w "$op" INPUT -p tcp --dport "$port" ! -i lo -j DROP -m comment --comment "keelson real-node guard: $name"
  if [[ $1 == delete ]]; then
    iptables -w -F "$input_chain"
    iptables -w -X "$input_chain"
  fi
}

# The machine's state this script may touch, as text, so that `down` can prove it restored it.
machine_state() {
  local table family
  for family in iptables ip6tables; do
    for table in filter nat mangle; do "$family" -w -t "$table" -S 2>/dev/null | sed "s/^/$family $table /" || true; done
  done
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
  ip route show
  for f in net/ipv4/ip_forward net/ipv4/conf/all/route_localnet net/bridge/bridge-nf-call-iptables vm/overcommit_memory \
           vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes; do
    [[ -r /proc/sys/$f ]] && echo "$f=$(cat /proc/sys/$f)"
  done
  { find /sys/fs/cgroup -maxdepth 2 -name kubepods -type d 2>/dev/null || true; } | sort
}

kill_wait() { # signal pid...
  local signal=$1; shift
  for pid in "$@"; do kill "-$signal" "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return 0
    sleep 0.2
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
}

# Whether a PID of the pids file is still the node's: it runs in the node's mount namespace, or one of
# the binaries under the tools folder. A PID the kernel has given to another process since is left alone.
node_process() { # pid tools-folder
  local ns
  ns=$(cat "$node_dir/mnt-ns" 2>/dev/null || true)
  [[ -n "$ns" && "$(readlink "/proc/$1/ns/mnt" 2>/dev/null)" == "$ns" ]] && return 0
  [[ "$(readlink "/proc/$1/exe" 2>/dev/null)" == "$2"/* ]]
}

down() {
  [[ -d "$node_dir" ]] || return 0
  local pids=() pid listed=()
  local tools node_bin
  tools=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
  node_bin="$tools/node"
  [[ -f "$node_dir/pids" ]] && mapfile -t listed < <(tac "$node_dir/pids")
  for pid in "${listed[@]}"; do node_process "$pid" "$tools" && pids+=("$pid"); done
  # The kubelet first, so that it restarts nothing; then every process of every pod.
  for pid in "${pids[@]}"; do
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == kubelet ]] && kill_wait TERM "$pid"
  done
  local round
  for round in 1 2 3; do
    for procs in $(find /sys/fs/cgroup/pids/kubepods -name cgroup.procs 2>/dev/null); do
      for pid in $(cat "$procs" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    done
    sleep 0.3
  done
  # The runc shims containerd started (in the node's mount namespace), then the daemons.
  local shims=()
  for exe in /proc/[0-9]*/exe; do
    [[ "$(readlink "$exe" 2>/dev/null)" == "$node_bin/containerd-shim-runc-v2" ]] || continue
    pid=${exe#/proc/}; pid=${pid%/exe}
    grep -q -- "$node_dir" "/proc/$pid/cmdline" 2>/dev/null || [[ "$(readlink "/proc/$pid/ns/mnt")" == "$(cat "$node_dir/mnt-ns" 2>/dev/null)" ]] && shims+=("$pid")
  done
  [[ ${#shims[@]} -gt 0 ]] && kill_wait KILL "${shims[@]}"
  [[ ${#pids[@]} -gt 0 ]] && kill_wait TERM "${pids[@]}"
  # The pods' cgroups, deepest first.
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} \; 2>/dev/null || true
  # Forwarding off, the veths and bridges gone, then the iptables rules: the guards go last.
  if [[ -f "$node_dir/ip_forward" ]]; then
    echo "$(cat "$node_dir/ip_forward")" > /proc/sys/net/ipv4/ip_forward
  fi
  # The pods' veths: the kernel drops them with the pods' network namespaces, but lazily (seconds
  # with many pods); deleting the bridge's end takes the pair at once.
  local veth
  for veth in $(ip -o link show master "$bridge" 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//'); do
    ip link del "$veth" 2>/dev/null || true
  done
  ip link del "$sink" 2>/dev/null || true
  ip link del "$bridge" 2>/dev/null || true
  # kube-proxy's chains and what the kubelet adds whatever makeIPTablesUtilChains says
  # (KUBE-FIREWALL with its jumps from INPUT and OUTPUT, KUBE-IPTABLES-HINT, the canaries), in both
  # families: no KUBE- chain was there before (up refuses to start beside another kubelet). Not
  # `kube-proxy --cleanup`, which also flushes every IPVS rule and nftables table of the machine.
  if ! grep -q -- '-j KUBE-' "$node_dir/machine-before" 2>/dev/null; then
    local family table rule chain
    for family in iptables ip6tables; do
      for table in filter nat mangle; do
        while read -r rule; do
          eval "$family -w -t $table -D ${rule#-A }" 2>/dev/null || true
        done < <("$family" -w -t "$table" -S 2>/dev/null | grep -E '^-A .*-j KUBE-' || true)
        for chain in $("$family" -w -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
          "$family" -w -t "$table" -F "$chain" 2>/dev/null || true
        done
        for chain in $("$family" -w -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
          "$family" -w -t "$table" -X "$chain" 2>/dev/null || true
        done
      done
    done
  fi
  [[ -f "$node_dir/port" ]] && port=$(cat "$node_dir/port")
  guard_rules delete 2>/dev/null || true
  if [[ -f "$node_dir/machine-before" ]]; then
    for _ in $(seq 1 25); do diff -q "$node_dir/machine-before" <(machine_state) >/dev/null && break; sleep 0.2; done
    if diff "$node_dir/machine-before" <(machine_state) > "$node_dir/machine-diff"; then
      log "stopped; the machine's iptables rules, links, routes, sysctls and cgroups are as before"
    else
      log "stopped, but the machine differs from before (< before, > now):"
      cat "$node_dir/machine-diff" >&2
      cp "$node_dir/machine-diff" "$cluster_dir.real-node-diff"
    fi
  fi
  rm -rf "$node_dir"
}

if [[ "$cmd" == down ]]; then down; exit 0; fi
[[ "$cmd" == up || "$cmd" == network ]] || { echo "unknown command $cmd" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { log "a real node needs root (network namespaces, cgroups, mounts)"; exit 1; }
[[ -f "$cluster_dir/pki/ca.key" ]] || { log "no cluster $name: start it with KEELSON_REAL_NODE=1 hack/local-cluster.sh up $name $port"; exit 1; }

tools=$(hack/node-binaries.sh | tail -n 1)
bin="$tools/k8s/1.37.2-linux-amd64"
node_bin="$tools/node"
kubelet_port=$((port + 10005)); kubelet_healthz=$((port + 10006))
proxy_healthz=$((port + 10007)); proxy_metrics=$((port + 10008))

network() {
  for p in "$kubelet_port" "$kubelet_healthz" "$proxy_healthz" "$proxy_metrics"; do
    if ss -Hltn "sport = :$p" | grep -q .; then log "port $p is taken (the node's kubelet and kube-proxy use PORT+10005..10008)"; exit 1; fi
  done
  if ip link show "$bridge" >/dev/null 2>&1; then
    log "$bridge exists already: another real node of that name is running (hack/real-node.sh down $name)"
    exit 1
  fi
  # The pods' and Services' addresses must be this node's alone: no route of the machine's (but the
  # default one) may overlap them.
  local clash
  clash=$(ip -4 route show | awk '$1 != "default" {print $1}' | python3 -c '
import ipaddress, sys
ours = [ipaddress.ip_network(n) for n in sys.argv[1:]]
for line in sys.stdin:
    route = ipaddress.ip_network(line.strip() if "/" in line else line.strip() + "/32", strict=False)
    if any(route.overlaps(n) for n in ours):
        print(route)' "$pod_cidr" "$service_cidr")
  if [[ -n "$clash" ]]; then
    log "the machine routes $(tr '\n' ' ' <<<"$clash")which overlaps the node's $pod_cidr or $service_cidr: another real node, or a network of this machine's"
    exit 1
  fi
  if compgen -G "/sys/fs/cgroup/*/kubepods" >/dev/null || pgrep -x kubelet >/dev/null; then
    log "a kubelet runs on this machine (a process, or /sys/fs/cgroup/*/kubepods): one real node at a time"
    exit 1
  fi
  down
  mkdir -p "$node_dir"/{kubelet,pod-logs,log,cni/net.d,cni/ipam,containerd,sysctl}
  machine_state > "$node_dir/machine-before"
  cat /proc/sys/net/ipv4/ip_forward > "$node_dir/ip_forward"
  echo "$port" > "$node_dir/port"
  log "network: bridge $bridge ($node_ip), Service CIDR $service_cidr into $sink, the guards"
  ip link add "$bridge" type bridge
  ip addr add "$node_ip/24" dev "$bridge"
  ip link set "$bridge" up
  ip link add "$sink" type bridge
  ip link set "$sink" up
  ip route add "$service_cidr" dev "$sink"
  guard_rules add
  echo 1 > /proc/sys/net/ipv4/ip_forward
}
if [[ "$cmd" == network ]]; then network; echo "$node_ip"; exit 0; fi
[[ -f "$node_dir/port" ]] || network

log "certificates for the kubelet, kube-proxy and CoreDNS"
pki="$cluster_dir/pki"
source hack/lib/pki.sh
sign "$pki" kubelet "/O=system:nodes/CN=system:node:$node"
sign "$pki" kubelet-serving "/CN=$node" "IP:$node_ip,DNS:$node"
sign "$pki" kube-proxy "/CN=system:kube-proxy"
kubeconfig_for "$pki" "$name" "$port" kubelet > "$node_dir/kubelet.kubeconfig"
kubeconfig_for "$pki" "$name" "$port" kube-proxy > "$node_dir/kube-proxy.kubeconfig"

cat > "$node_dir/cni/net.d/10-keelson.conflist" <<CNI
{
  "cniVersion": "1.0.0",
  "name": "keelson-$name",
  "plugins": [
    {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$node_dir/cni/ipam", "ranges": [[{"subnet": "$pod_cidr", "gateway": "$node_ip"}]],
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CNI

cat > "$node_dir/containerd.toml" <<TOML
version = 3
root = "$node_dir/containerd/root"
state = "$node_dir/containerd/state"
[grpc]
  address = "$node_dir/containerd.sock"
[ttrpc]
  address = "$node_dir/containerd.ttrpc.sock"
[metrics]
  address = ""
[plugins.'io.containerd.internal.v1.opt']
  path = "$node_dir/containerd/opt"
[plugins.'io.containerd.cri.v1.runtime']
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_unprivileged_ports = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$node_dir/cni/net.d"
[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "registry.k8s.io/pause:3.10"
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
TOML

cat > "$node_dir/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $kubelet_healthz
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: AlwaysAllow}
containerRuntimeEndpoint: unix://$node_dir/containerd.sock
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0
makeIPTablesUtilChains: false
protectKernelDefaults: false
clusterDNS: [$node_ip]
clusterDomain: cluster.local
resolvConf: ""
podLogsDir: $node_dir/pod-logs
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%, imagefs.inodesFree: 1%}
serializeImagePulls: false
maxPods: 110
volumePluginDir: $node_dir/kubelet-plugins
YAML

cat > "$node_dir/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $node_dir/kube-proxy.kubeconfig}
hostnameOverride: $node
mode: iptables
clusterCIDR: $pod_cidr
healthzBindAddress: 127.0.0.1:$proxy_healthz
metricsBindAddress: 127.0.0.1:$proxy_metrics
nodePortAddresses: [$node_ip/32]
iptables: {localhostNodePorts: false, masqueradeAll: true}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML

cat > "$node_dir/Corefile" <<CORE
cluster.local:53 in-addr.arpa:53 {
  bind $node_ip
  errors
  kubernetes cluster.local in-addr.arpa {
    kubeconfig $cluster_dir/admin.kubeconfig
    pods insecure
    fallthrough in-addr.arpa
  }
  cache 2
}
.:53 {
  bind $node_ip
  template ANY ANY {
    rcode NXDOMAIN
  }
}
CORE

# The values the kubelet wants for the machine-wide sysctls; where the machine's differ, the node's
# mount namespace shows it a read-only file holding its value instead.
cat > "$node_dir/inner.sh" <<INNER
set -euo pipefail
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=755 tmpfs /var/lib
mount --bind "$node_dir/log" /var/log
for kv in vm/overcommit_memory=1 vm/panic_on_oom=0 kernel/panic=10 kernel/panic_on_oops=1 kernel/keys/root_maxkeys=1000000 kernel/keys/root_maxbytes=25000000; do
  f=\${kv%%=*}; v=\${kv#*=}
  [[ "\$(cat /proc/sys/\$f)" == "\$v" ]] && continue
  echo "\$v" > "$node_dir/sysctl/\${f//\//.}"
  mount --bind "$node_dir/sysctl/\${f//\//.}" "/proc/sys/\$f"
  mount -o remount,bind,ro "/proc/sys/\$f"
done
readlink /proc/self/ns/mnt > "$node_dir/mnt-ns"
export PATH="$node_bin:\$PATH"
start() { local what=\$1; shift; setsid "\$@" > "$node_dir/\$what.log" 2>&1 < /dev/null & echo \$! >> "$node_dir/pids"; }
start containerd "$node_bin/containerd" --config "$node_dir/containerd.toml"
for _ in \$(seq 1 100); do [[ -S "$node_dir/containerd.sock" ]] && "$node_bin/ctr" -a "$node_dir/containerd.sock" version >/dev/null 2>&1 && break; sleep 0.1; done
"$node_bin/ctr" -a "$node_dir/containerd.sock" -n k8s.io images import "$node_bin/pause.tar" >/dev/null 2>&1
# The images hack/images.sh built (no registry: pods use them as they are, imagePullPolicy IfNotPresent).
for image in "$tools/images"/*.tar; do
  if [[ -f "\$image" ]]; then "$node_bin/ctr" -a "$node_dir/containerd.sock" -n k8s.io images import "\$image" >/dev/null 2>&1; fi
done
start kubelet "$bin/kubelet" --config "$node_dir/kubelet.yaml" --kubeconfig "$node_dir/kubelet.kubeconfig" \
  --root-dir "$node_dir/kubelet" --hostname-override "$node" --node-ip "$node_ip" \
  --node-labels "kubernetes.io/os=linux,topology.kubernetes.io/zone=$name-zone-a,type=real" --v=1
start kube-proxy "$bin/kube-proxy" --config "$node_dir/kube-proxy.yaml"
start coredns "$node_bin/coredns" -conf "$node_dir/Corefile"
INNER

log "starting containerd, the kubelet, kube-proxy and CoreDNS in the node's mount namespace"
unshare --mount --propagation private bash "$node_dir/inner.sh"
kubectl() { "$bin/kubectl" --kubeconfig "$cluster_dir/admin.kubeconfig" "$@"; }
for _ in $(seq 1 120); do kubectl get node "$node" >/dev/null 2>&1 && break; sleep 0.5; done
if ! kubectl wait --for=condition=Ready "node/$node" --timeout=90s >/dev/null; then
  log "the node did not become Ready; the kubelet's log ends with:"
  tail -n 30 "$node_dir/kubelet.log" >&2
  exit 1
fi
log "node $node Ready (containerd socket $node_dir/containerd.sock)"
