#!/usr/bin/env bash
# Prints what Keelson may do in one namespace of a remote cluster, as YAML to apply there:
#   hack/remote-grant.sh NAMESPACE PLATFORM... | kubectl --context <remote> apply --server-side -f -
# - the namespace (created if missing), enforcing Pod Security "restricted";
# - a RoleBinding of the keelson-remote ServiceAccount to the ClusterRole keelson-remote-namespace
#   (deploy/keelson-remote-cluster.yaml): the kinds Keelson writes, in this namespace only;
# - a Role letting it port-forward to the Redis and MongoDB pods of the named Platforms only
#   (<platform>-redis-0..8, <platform>-mongodb-0..6: the most instances and members the CRD allows),
#   which is how Keelson keeps their ACL users and replica set from outside the cluster's network.
# hack/remote-kubeconfig.sh calls this for each NAMESPACE=PLATFORM,... it is given.
set -euo pipefail
namespace=${1:?usage: hack/remote-grant.sh NAMESPACE PLATFORM...}
shift
[[ $# -gt 0 ]] || { echo "name at least one Platform of namespace $namespace" >&2; exit 2; }
names=""
for platform in "$@"; do
  for i in $(seq 0 8); do names+="${names:+, }$platform-redis-$i"; done     # RedisModel.MAX_REPLICAS - 1
  for i in $(seq 0 6); do names+=", $platform-mongodb-$i"; done              # MongoModel.MAX_MEMBERS - 1
done

# The header of an RBAC object of this namespace: meta KIND NAME
meta() {
  printf -- '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: %s\nmetadata:\n  name: %s\n  namespace: %s\n' "$1" "$2" "$namespace"
  echo '  labels: {app.kubernetes.io/name: keelson-remote}'
}

# A RoleBinding of Keelson's remote ServiceAccount: binding NAME ROLE_KIND ROLE
binding() {
  meta RoleBinding "$1"
  echo "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: $2, name: $3}"
  echo 'subjects: [{kind: ServiceAccount, name: keelson-remote, namespace: keelson-system}]'
}

cat <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $namespace
  labels: {pod-security.kubernetes.io/enforce: restricted}
YAML
binding keelson-remote ClusterRole keelson-remote-namespace
meta Role keelson-remote-data-services
cat <<YAML
rules:
  # A port-forward over WebSocket is a GET, over SPDY a POST; the pod is read first.
  - apiGroups: [""]
    resources: [pods, pods/portforward]
    resourceNames: [$names]
    verbs: [get, create]
YAML
binding keelson-remote-data-services Role keelson-remote-data-services
