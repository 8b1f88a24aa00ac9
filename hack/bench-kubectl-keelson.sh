#!/usr/bin/env bash
# How fast `kubectl keelson status` answers, beside `kubectl get` of the same objects in the same
# run (the baseline: what a user types today). A simulated cluster with the CRDs, a Platform and
# two Services (no operator: the plugin reads what is there); RUNS of each, median and ratio.
#
#   hack/bench-kubectl-keelson.sh [RUNS]      default 10; results belong in docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
name=bench-kubectl-keelson
port=${BENCH_PORT:-19443}
hack/envtest-binaries.sh --cluster >/dev/null
mvn -B -q -pl kubectl-keelson -am package -DskipTests -Dquarkus.build.skip=true
trap 'hack/local-cluster.sh down "$name" >/dev/null 2>&1 || true' EXIT
hack/local-cluster.sh up "$name" "$port" >/dev/null
export KUBECONFIG=$(hack/local-cluster.sh kubeconfig "$name")
kubectl_bin="$(hack/envtest-binaries.sh --cluster | tail -n 1)/k8s/1.37.2-linux-amd64/kubectl"
"$kubectl_bin" apply --server-side -f crds/ >/dev/null
"$kubectl_bin" wait --for=condition=Established crd --all --timeout=60s >/dev/null
"$kubectl_bin" create namespace demo >/dev/null
"$kubectl_bin" apply --server-side -n demo -f - >/dev/null <<'YAML'
apiVersion: platform.keelson.dev/v1alpha1
kind: Platform
metadata: {name: demo}
spec: {profile: dev}
---
apiVersion: platform.keelson.dev/v1alpha1
kind: Service
metadata: {name: hello}
spec: {image: quay.io/keelson/order-service:0.1.0, ports: [{name: http, port: 8080}]}
---
apiVersion: platform.keelson.dev/v1alpha1
kind: Service
metadata: {name: world}
spec: {image: quay.io/keelson/order-service:0.1.0, ports: [{name: http, port: 8080}]}
YAML
rm -f kubectl-keelson/target/kubectl-keelson.jsa
kubectl-keelson/kubectl-keelson status -n demo >/dev/null   # the first run writes the class-data archive
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
plugin=(); baseline=()
for _ in $(seq "$runs"); do
  plugin+=("$(time_ms kubectl-keelson/kubectl-keelson status -n demo)")
  baseline+=("$(time_ms "$kubectl_bin" get platforms.platform.keelson.dev,services.platform.keelson.dev -n demo)")
done
p=$(printf '%s\n' "${plugin[@]}" | median); b=$(printf '%s\n' "${baseline[@]}" | median)
echo "kubectl keelson status: median ${p} ms over $runs runs (all: ${plugin[*]})"
echo "kubectl get (baseline): median ${b} ms over $runs runs (all: ${baseline[*]})"
awk -v p="$p" -v b="$b" 'BEGIN {printf "ratio plugin/baseline: %.2f\n", p / b}'
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -n 1)"
