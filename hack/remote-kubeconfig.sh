#!/usr/bin/env bash
# Prepares a remote cluster for Keelson and prints the kubeconfig to put in the Platform's Secret:
# applies deploy/keelson-remote-cluster.yaml there (as the caller, who must be allowed to), asks
# for a token of its keelson-remote ServiceAccount, and writes a kubeconfig with that token and
# the cluster's server and CA inlined (the form Keelson accepts: no exec plugin, no file paths).
#
#   hack/remote-kubeconfig.sh KUBECONFIG NAME [DURATION] > NAME.kubeconfig
#   kubectl create secret generic NAME-kubeconfig -n NAMESPACE --from-file=kubeconfig=NAME.kubeconfig
#
# KUBECONFIG reaches the remote cluster with its current context; NAME names the cluster in the
# kubeconfig; DURATION is the token's lifetime (default 24h; renew it by running this again).
# KUBECTL chooses the kubectl binary (default: kubectl on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
remote=${1:?usage: hack/remote-kubeconfig.sh KUBECONFIG NAME [DURATION]}
name=${2:?cluster name missing}
duration=${3:-24h}
k() { "${KUBECTL:-kubectl}" --kubeconfig "$remote" "$@"; }

k apply --server-side -f deploy/keelson-remote-cluster.yaml >/dev/null
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
