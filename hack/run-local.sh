#!/usr/bin/env bash
# Keelson's main job on a local, embedded default, in one of two ways (both built from Go modules
# on first use and cached in ~/.cache/keelson):
#
# On a real node (the default): the cluster 'local' with a real kubelet, containerd, kube-proxy and
# CoreDNS (hack/real-node.sh; root, as on this machine). Keelson is installed as a user installs it,
# kubectl apply -f crds/ -f deploy/keelson-operator.yaml, and runs as the Pods of its image
# (hack/images.sh); samples/quickstart.yaml runs in namespace demo, and the shop in namespace shop:
# samples/shop/'s Services and WorkerPools on a Platform of this cluster (one replica each) with its
# Redis, the MongoDB stand-in (mongo:7.0 from standins/: no mongod can be had here) and an
# external Kafka (a real broker on this machine, on the node's address). The status is printed, then
# a customer's visit through the Services Keelson made: register, sign in, list, order, paid, mailed.
#
# Simulated (--simulated): four clusters whose pods are kwok fakes: the operator runs against the
# cluster 'local', which holds the custom resources and runs the quickstart; three more clusters
# (aws-prod, hetzner-staging, ovh-dev) are the targets of the shop and of the multicluster sample,
# reached through kubeconfig Secrets. No container runs, so servers on this machine play the data
# services' pods: on each of the three clusters, kwok forwards the Redis and MongoDB pods' ports to
# that cluster's own redis-server and MongoDB stand-in, and Keelson reaches them through the
# cluster's API server, as it would in production.
#
#   hack/run-local.sh [--simulated]          run, print the status, then stop everything
#   hack/run-local.sh [--simulated] --keep   leave the clusters and the operator running (it prints how to stop)
#   hack/run-local.sh ... --no-build         use what mvn package built already
set -euo pipefail
cd "$(dirname "$0")/.."
keep=false
simulated=false
build=true
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    --simulated) simulated=true ;;
    --no-build) build=false ;;
    *) echo "usage: hack/run-local.sh [--simulated] [--keep] [--no-build]" >&2; exit 2 ;;
  esac
done

cluster=local
port=${KEELSON_LOCAL_PORT:-16443}
run_dir="${KEELSON_RUN_DIR:-$HOME/.cache/keelson/run}"
log() { printf '\n== %s\n' "$*"; }

real_node() {
  local tools
  log "building the control plane and the node's binaries (first run only: about 15 minutes)"
  tools=$(hack/node-binaries.sh | tail -n 1)
  kubectl_bin="$tools/k8s/1.37.2-linux-amd64/kubectl"
  log "building the operator, the shop and the stand-ins, then their images"
  if $build; then mvn -B -q package -DskipTests; fi
  hack/images.sh
  run_dir="$run_dir/$cluster"
  ok() { printf '   ok: %s\n' "$*"; }
  fail() {
    printf '   FAILED: %s\n' "$*" >&2
    kubectl get pods -A -o wide >&2 || true
    kubectl logs -n keelson-system deployment/keelson-operator --tail=30 >&2 || true
    exit 1
  }
  source hack/lib/real-node-shop.sh
  stand_ins=()
  shop_dir="$run_dir.shop"
  rm -rf "$shop_dir" && mkdir -p "$shop_dir"
  stop() {
    local rc=$? pid
    for pid in "${stand_ins[@]}"; do kill "$pid" 2>/dev/null || true; done
    real_cluster_down "$cluster" || rc=1
    exit $rc
  }
  rm -f "$run_dir.real-node-diff"
  $keep || trap stop EXIT

  log "starting the cluster '$cluster' with a real node"
  KEELSON_REAL_NODE=1 hack/local-cluster.sh up "$cluster" "$port"
  kubeconfig=$(hack/local-cluster.sh kubeconfig "$cluster")
  kubectl() { "$kubectl_bin" --kubeconfig "$kubeconfig" "$@"; }
  node_volumes 4

  log "installing Keelson: kubectl apply -f crds/ -f deploy/keelson-operator.yaml"
  install_keelson

  log "samples/quickstart.yaml into namespace demo (Pod Security 'restricted')"
  quickstart_in_demo

  log "samples/shop/ into namespace shop, with its Kafka and an SMTP sink on the node's address (logs: $shop_dir)"
  shop_on_node

  log "status"
  kubectl get keelson -A
  echo
  kubectl get platforms.platform.keelson.dev -n shop shop -o jsonpath='Redis: {.status.redis.message}{"\n"}MongoDB: {.status.mongodb.message}{"\n"}Kafka {.status.kafka.bootstrapServers}: {.status.kafka.message}{"\n"}'
  echo
  kubectl get pods -n shop -o wide
  local leader metrics
  leader=$(kubectl get lease -n keelson-system -o jsonpath='{.items[0].spec.holderIdentity}')
  metrics=$(curl -sf --max-time 5 "http://$(kubectl get pod -n keelson-system "$leader" -o jsonpath='{.status.podIP}'):8080/q/metrics") \
    || fail "the operator's /q/metrics does not answer at its pod"
  echo
  echo "Keelson's metrics (the leader $leader's /q/metrics):"
  grep -E '^keelson_(cluster_ready|data_service_ready)\{' <<<"$metrics" | sort
  grep -q '^keelson_data_service_ready{' <<<"$metrics" || fail "the operator reports no keelson_data_service_ready series"

  log "a customer's visit through the Services Keelson made"
  shop_visit
  if $keep; then
    echo
    echo "left running: KUBECONFIG=$kubeconfig kubectl get keelson -A"
    echo "stop with: kill ${stand_ins[*]}; hack/local-cluster.sh down $cluster"
  fi
}

if ! $simulated; then real_node; exit 0; fi

log "building the control plane binaries (first run only: about 10 minutes)"
tools=$(hack/envtest-binaries.sh --cluster | tail -n 1)
kubectl_bin="$tools/k8s/1.37.2-linux-amd64/kubectl"

log "building the operator"
if $build; then mvn -B -q package -DskipTests; fi
hack/ensure-redis.sh

log "starting the simulated cluster '$cluster'"
hack/local-cluster.sh up "$cluster" "$port"
kubeconfig=$(hack/local-cluster.sh kubeconfig "$cluster")
kubectl() { "$kubectl_bin" --kubeconfig "$kubeconfig" "$@"; }

remote_clusters=(aws-prod hetzner-staging ovh-dev)
operator_pid=
cleanup() {
  [[ -n "$operator_pid" ]] && kill "$operator_pid" 2>/dev/null || true
  for remote in "${remote_clusters[@]}"; do hack/local-cluster.sh down "$remote" 2>/dev/null || true; done
  hack/local-cluster.sh down "$cluster"
}
$keep || trap cleanup EXIT

log "installing the CRDs"
kubectl apply --server-side -f crds/
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null

# The stand-ins: Kafka (in-process KRaft brokers from the test classpath: three for the shop and the
# multicluster sample's EU Kafka, one for its ovh-dev Kafka) and, per cluster, mongo-java-server with
# the tests' replica-set backend (no mongod can be had here; it has no authentication, so the
# operator is told not to log in); and per cluster a redis-server.
log "starting stand-ins for the data services: Kafka (3 + 1 brokers), and per cluster a redis-server and a MongoDB (mongo-java-server)"
here="$run_dir/$cluster"
mvn -B -q -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
rm -rf "$here/data-services" "$here"/data-services.mongodb-tls.*
java -Xmx768m -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/test-classpath.txt)" \
  dev.keelson.operator.testing.LocalDataServices "$here/data-services" "${remote_clusters[@]}" > "$here/data-services.log" 2>&1 &
echo $! >> "$here/pids"
for _ in $(seq 120); do [[ -s "$here/data-services" ]] && break; sleep 1; done
[[ -s "$here/data-services" ]] || { echo "Kafka and MongoDB did not start; their log ends with:" >&2; tail -n 20 "$here/data-services.log" >&2; exit 1; }
bootstrap=$(sed -n 's/^kafka=//p' "$here/data-services")
bootstrap_gra=$(sed -n 's/^kafka-gra=//p' "$here/data-services")
echo "Kafka at $bootstrap, ovh-dev's own at $bootstrap_gra"

# Volumes for the data services' claims: the controller manager binds them, the scheduler places
# the pods, kwok reports them running.
volumes() {
  for i in $(seq 1 12); do
    printf 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: local-volume-%s}\nspec:\n  capacity: {storage: 1Ti}\n' "$i"
    printf '  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /var/lib/keelson-local/volume-%s}\n---\n' "$i"
  done
}

log "starting the operator (log: $run_dir/$cluster/operator.log)"
# Its namespace holds the leader-election Lease (the packaged operator elects a leader, as deploy/'s two replicas do).
kubectl create namespace keelson-system --dry-run=client -o yaml | kubectl apply --server-side -f - >/dev/null
# The image's JVM settings (Dockerfile). The MongoDB stand-ins do not authenticate.
KUBECONFIG="$kubeconfig" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$((port + 10010)) MALLOC_ARENA_MAX=2 \
  KEELSON_MONGODB_AUTHENTICATE=false KEELSON_OPERATOR_NAMESPACE=keelson-system \
  java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -Xss512k \
  -jar operator/target/quarkus-app/quarkus-run.jar > "$run_dir/$cluster/operator.log" 2>&1 &
operator_pid=$!
echo "$operator_pid" >> "$run_dir/$cluster/pids"

log "applying samples/quickstart.yaml into namespace demo"
# Pod Security "restricted" everywhere: the controllers create every pod Keelson's objects ask for,
# and the API server admits none that breaks the policy.
for ns in demo shop edge; do
  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply --server-side -f - >/dev/null
  kubectl label namespace "$ns" pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
done
kubectl apply --server-side -n demo -f samples/quickstart.yaml

log "starting the simulated clusters ${remote_clusters[*]} (the shop's and the multicluster sample's targets)"
# The key pair the shop's access tokens are signed and verified with (samples/shop/services.yaml):
# the Services reference it, so it is on every cluster they run on.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$here/jwt-private.pem" 2>/dev/null
openssl pkey -in "$here/jwt-private.pem" -pubout -out "$here/jwt-public.pem"
for i in "${!remote_clusters[@]}"; do
  remote=${remote_clusters[$i]}
  remote_port=$((port + 100 * (i + 1)))
  redis_port=$((remote_port + 10020))
  # The cluster's Redis pods are played by a redis-server of its own, its MongoDB members by its
  # MongoDB stand-in: kwok forwards their pods' ports there.
  mongodb=$(sed -n "s/^mongodb\.$remote=//p" "$here/data-services")
  printf 'user default on nopass ~* &* +@all\n' > "$here/$remote-users.acl"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$here" \
    --aclfile "$here/$remote-users.acl" > "$here/$remote-redis.log" 2>&1 &
  echo "$!" > "$here/$remote-redis.pid"
  echo "$redis_port" > "$here/$remote-redis.port"
  echo "$!" >> "$here/pids"
  KEELSON_KWOK_PORT_FORWARDS="6379=$redis_port 27017=${mongodb##*:}" hack/local-cluster.sh up "$remote" "$remote_port"
  remote_kubeconfig=$(hack/local-cluster.sh kubeconfig "$remote")
  rk() { "$kubectl_bin" --kubeconfig "$remote_kubeconfig" "$@"; }
  volumes | rk apply --server-side -f - >/dev/null
  rk create namespace shop --dry-run=client -o yaml | rk apply --server-side -f - >/dev/null
  rk label namespace shop pod-security.kubernetes.io/enforce=restricted --overwrite >/dev/null
  rk create secret generic shop-jwt -n shop --from-file=private.pem="$here/jwt-private.pem" \
    --from-file=public.pem="$here/jwt-public.pem" --dry-run=client -o yaml | rk apply --server-side -f - >/dev/null
  # What Keelson may do there, and a kubeconfig with that ServiceAccount's token (not the admin's).
  KUBECTL="$kubectl_bin" hack/remote-kubeconfig.sh "$remote_kubeconfig" "$remote" shop=shop edge=edge > "$here/$remote.kubeconfig"
  for ns in shop edge; do
    kubectl create secret generic "$remote-kubeconfig" -n "$ns" --from-file=kubeconfig="$here/$remote.kubeconfig" \
      --dry-run=client -o yaml | kubectl apply --server-side -f - >/dev/null
  done
done

log "applying samples/shop/ into namespace shop, samples/multicluster.yaml into namespace edge"
# The Kafkas are the stand-ins.
sed "s|bootstrapServers: .*|bootstrapServers: \"$bootstrap\"|" samples/shop/platform.yaml | kubectl apply --server-side -n shop -f -
kubectl apply --server-side -n shop -f samples/shop/services.yaml -f samples/shop/workerpools.yaml
# The sample's EU Kafka is the shop's three brokers, ovh-dev's the single one.
sed -e "s|bootstrapServers: \"kafka-eu-[^\"]*\"|bootstrapServers: \"$bootstrap\"|" \
  -e "s|bootstrapServers: \"kafka-gra-[^\"]*\"|bootstrapServers: \"$bootstrap_gra\"|" samples/multicluster.yaml | kubectl apply --server-side -n edge -f -

# The shop's Platform runs a CA on each cluster (security.tls): its Redis and MongoDB there serve
# only TLS, so each cluster's stand-ins take the certificates that cluster's CA issued them, and
# its redis-server the password Keelson generated there.
log "handing each cluster's stand-ins the certificates and password Keelson made there"
for remote in "${remote_clusters[@]}"; do
  rk() { "$kubectl_bin" --kubeconfig "$(hack/local-cluster.sh kubeconfig "$remote")" "$@"; }
  for _ in $(seq 90); do
    rk get secret -n shop shop-redis-auth shop-redis-tls shop-mongodb-tls >/dev/null 2>&1 && break
    sleep 1
  done
  secret_file() { rk get secret -n shop "$1" -o jsonpath="{.data.${2//./\\.}}" | base64 -d > "$3"; }
  tls="$here/$remote-redis-tls"
  mkdir -p "$tls" "$here/data-services.mongodb-tls.$remote"
  for f in tls.crt tls.key ca.crt; do secret_file shop-redis-tls "$f" "$tls/$f"; done
  for f in tls.crt tls.key; do secret_file shop-mongodb-tls "$f" "$here/data-services.mongodb-tls.$remote/$f"; done
  touch "$here/data-services.mongodb-tls.$remote/ready"
  redis_password=$(rk get secret -n shop shop-redis-auth -o jsonpath='{.data.password}' | base64 -d)
  redis_pid=$(cat "$here/$remote-redis.pid")
  redis_port=$(cat "$here/$remote-redis.port")
  kill "$redis_pid" 2>/dev/null || true
  while kill -0 "$redis_pid" 2>/dev/null; do sleep 0.2; done
  redis-server --port 0 --tls-port "$redis_port" --tls-cert-file "$tls/tls.crt" --tls-key-file "$tls/tls.key" \
    --tls-ca-cert-file "$tls/ca.crt" --tls-auth-clients no \
    --bind 127.0.0.1 --save "" --appendonly no --dir "$here" --aclfile "$here/$remote-users.acl" > "$here/$remote-redis.log" 2>&1 &
  echo $! >> "$here/pids"
  redis_cli() { redis-cli --tls --cacert "$tls/ca.crt" -p "$redis_port" "$@"; }
  for _ in $(seq 50); do redis_cli ping >/dev/null 2>&1 && break; sleep 0.2; done
  printf 'ACL SETUSER default on resetpass >%s ~* &* +@all\n' "$redis_password" | redis_cli >/dev/null
done
log "waiting for every Platform, Service and WorkerPool to be Ready"
for ns in demo shop edge; do
  if ! kubectl wait -n "$ns" --for=condition=Ready platforms.platform.keelson.dev,services.platform.keelson.dev,workerpools.platform.keelson.dev --all --timeout=180s; then
    echo "not everything became Ready; the operator's log ends with:" >&2
    tail -n 30 "$run_dir/$cluster/operator.log" >&2
    exit 1
  fi
done

log "Keelson's metrics (http://127.0.0.1:$((port + 10010))/q/metrics), the Platforms' clusters and data services:"
metrics=$(curl -sf "http://127.0.0.1:$((port + 10010))/q/metrics") || { echo "the operator's /q/metrics does not answer" >&2; exit 1; }
grep -E '^keelson_(cluster_ready|data_service_ready)\{' <<<"$metrics" | sort || true
grep -q '^keelson_cluster_ready{' <<<"$metrics" || { echo "the operator reports no keelson_cluster_ready series" >&2; exit 1; }

log "status"
kubectl get keelson -A
echo
echo "The shop (namespace shop), per cluster:"
kubectl get platforms.platform.keelson.dev,services.platform.keelson.dev,workerpools.platform.keelson.dev -n shop \
  -o jsonpath='{range .items[*]}{.kind} {.metadata.name}:{range .status.clusters[*]} {.name}={.reason}{end}{"\n"}{end}'
kubectl get platforms.platform.keelson.dev -n shop shop -o jsonpath='Redis: {.status.redis.message}{"\n"}MongoDB: {.status.mongodb.message}{"\n"}Kafka: {.status.kafka.message}{"\n"}'
kubectl get platforms.platform.keelson.dev -n shop shop -o jsonpath='{range .status.kafka.topics[*]}  {.name}{"\t"}{.partitions} partitions{"\t"}{.reason}{"\n"}{end}'
echo
kubectl describe services.platform.keelson.dev -n shop order-service | sed -n '/^Status:/,$p'
echo
echo "The multicluster sample (namespace edge), per cluster:"
kubectl get platforms.platform.keelson.dev,services.platform.keelson.dev,workerpools.platform.keelson.dev -n edge \
  -o jsonpath='{range .items[*]}{.kind} {.metadata.name}:{range .status.clusters[*]} {.name}={.reason}{end}{"\n"}{end}'
kubectl get platforms.platform.keelson.dev -n edge edge -o jsonpath='Kafka {.status.kafka.bootstrapServers} for {.status.kafka.clusters}: {.status.kafka.message}{"\n"}{range .status.clusterKafkas[*]}Kafka {.bootstrapServers} for {.clusters}: {.message}{"\n"}{end}'
for remote in "${remote_clusters[@]}"; do
  echo
  echo "cluster $remote:"
  "$kubectl_bin" --kubeconfig "$(hack/local-cluster.sh kubeconfig "$remote")" get deployments,statefulsets -n shop -l app.kubernetes.io/managed-by=keelson
  "$kubectl_bin" --kubeconfig "$(hack/local-cluster.sh kubeconfig "$remote")" get deployments -n edge -l app.kubernetes.io/managed-by=keelson
done

echo
log "kubectl keelson status -n shop: the shop's Platform, its clusters and workloads, and what Keelson made on each"
log "(install the plugin: ln -sf \"$PWD/kubectl-keelson/kubectl-keelson\" ~/.local/bin/kubectl-keelson; then kubectl keelson status -n shop)"
KUBECONFIG="$kubeconfig" kubectl-keelson/kubectl-keelson status -n shop

if $keep; then
  log "still running: export KUBECONFIG=$kubeconfig (the clusters': hack/local-cluster.sh kubeconfig NAME); stop with: hack/local-cluster.sh down $cluster (and down ${remote_clusters[*]})"
fi
