#!/usr/bin/env bash
# Runs every test of Keelson on this machine, installing what they need first:
#   1. the control plane and a real node's kubelet, kube-proxy, containerd and CoreDNS built from their Go
#      modules, with Debian's runc, CNI plugins and iptables (hack/node-binaries.sh; cached after the first run),
#      Debian's redis-server (hack/ensure-redis.sh), and Debian's Chromium and ChromeDriver for the
#      storefront's browser test (hack/ensure-chromium.sh); the storefront's npm packages come with the
#      Maven build (npm ci from its lock);
#   2. the ecosystem's checkers the tests judge Keelson with (hack/checkers.sh: kstatus, Argo CD's Lua;
#      hack/olm-tools.sh: OLM's bundle and catalog validators, its registry server, OLM itself);
#   3. end to end: hack/run-local.sh --simulated (four simulated clusters, the operator, samples/ Ready),
#      hack/run-local.sh (a real node: the operator from deploy/, the quickstart and the shop as real pods,
#      a customer's visit through the shop), then hack/real-node-e2e.sh (a real node: the operator from its
#      image and deploy/, Redis standalone and Sentinel failover from Keelson's StatefulSets, workloads on
#      their bindings, the quickstart), then
#      hack/olm-e2e.sh (OLM installs Keelson from its catalog, the quickstart reconciles, OLM upgrades it);
#   4. mvn verify: unit tests (*Test) and tests against a real kube-apiserver (*IT).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "control-plane and node binaries"
hack/node-binaries.sh

step "redis-server (the Redis the tests run)"
hack/ensure-redis.sh

step "chromium and chromedriver (the storefront's browser test)"
hack/ensure-chromium.sh

step "the ecosystem's checkers: kstatus, Argo CD's Lua"
hack/checkers.sh

step "OLM from its Go modules: bundle and catalog validators, registry server, olm and catalog operators"
hack/olm-tools.sh

step "end to end, simulated: hack/run-local.sh --simulated"
hack/run-local.sh --simulated

step "end to end on a real node, the local default: hack/run-local.sh"
hack/run-local.sh --no-build

step "end to end on a real node: hack/real-node-e2e.sh"
hack/real-node-e2e.sh --no-build

step "end to end through OLM: hack/olm-e2e.sh (install, reconcile the quickstart, upgrade)"
hack/olm-e2e.sh --no-build --mode all
hack/olm-e2e.sh --no-build --mode multi

step "unit and integration tests: mvn verify"
mvn -B verify
step "all tests passed"
