#!/usr/bin/env bash
# Prepares a remote cluster for Keelson and prints the kubeconfig to put in the Platform's Secret:
# applies deploy/keelson-remote-cluster.yaml there (as the caller, who must be allowed to), grants
# Keelson each namespace it is to work in (hack/remote-grant.sh: the kinds it writes, and
# port-forwards to those Platforms' Redis and MongoDB pods only), asks for a token of its
# keelson-remote ServiceAccount, and writes a kubeconfig with that token and the cluster's server
# and CA inlined (the form Keelson accepts: no exec plugin, no file paths, the CA included).
#
#   hack/remote-kubeconfig.sh KUBECONFIG NAME NAMESPACE=PLATFORM[,PLATFORM...]... > NAME.kubeconfig
#   kubectl create secret generic NAME-kubeconfig -n NAMESPACE --from-file=kubeconfig=NAME.kubeconfig
#
# KUBECONFIG reaches the remote cluster with its current context; NAME names the cluster in the
# kubeconfig; each NAMESPACE=PLATFORM,... grants one namespace, for the Platforms of that name
# (those of the operator's cluster's namespace of the same name). DURATION (environment, default
# 24h) is the token's lifetime: renew it by running this again. KUBECTL chooses the kubectl binary.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: hack/remote-kubeconfig.sh KUBECONFIG NAME NAMESPACE=PLATFORM[,PLATFORM...]..."
remote=${1:?$usage}
name=${2:?$usage}
shift 2
[[ $# -gt 0 ]] || { echo "$usage: grant at least one namespace" >&2; exit 2; }
duration=${DURATION:-24h}
k() { "${KUBECTL:-kubectl}" --kubeconfig "$remote" "$@"; }

k apply --server-side -f deploy/keelson-remote-cluster.yaml >/dev/null
for grant in "$@"; do
  namespace=${grant%%=*}
  platforms=${grant#*=}
  [[ "$grant" == *=* && -n "$platforms" ]] || { echo "$usage: $grant names no Platform" >&2; exit 2; }
  # shellcheck disable=SC2086
  hack/remote-grant.sh "$namespace" ${platforms//,/ } | k apply --server-side -f - >/dev/null
done
token=$(k create token keelson-remote -n keelson-system --duration "$duration")
server=$(k config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')
ca=$(k config view --raw --minify --flatten -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
cat <<KC
apiVersion: v1
kind: Config
clusters:
- name: $name
  cluster:
    server: $server
    certificate-authority-data: $ca
users:
- name: keelson-remote
  user: {token: $token}
contexts:
- name: $name
  context: {cluster: $name, user: keelson-remote}
current-context: $name
KC
