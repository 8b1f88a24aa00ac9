#!/usr/bin/env bash
# Builds the Kubernetes control-plane binaries Keelson's tests and local runs use, from
# their Go modules with this machine's Go toolchain, and installs them where fabric8
# kube-api-test looks in offline mode: $KEELSON_TOOLS_DIR/k8s/<version>-linux-amd64/.
#
#   hack/envtest-binaries.sh            kube-apiserver, etcd, kubectl (what the tests need)
#   hack/envtest-binaries.sh --cluster  also kube-controller-manager, kube-scheduler, kwok
#                                       (what a simulated cluster with Ready Pods needs)
#   hack/envtest-binaries.sh --node     also kubelet and kube-proxy (what hack/real-node.sh runs)
#
# Idempotent: a binary that is already installed is not built again. Prints the directory
# on its last line. No binary is ever written inside the repository.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.37.2}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
TOOLS_DIR=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
BIN_DIR="$TOOLS_DIR/k8s/${K8S_VERSION}-linux-amd64"
WORK_DIR="$TOOLS_DIR/build"
STAGING_VERSION="v0.${K8S_VERSION#1.}"
MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)

want_cluster=false
want_node=false
[[ "${1:-}" == "--cluster" ]] && want_cluster=true
[[ "${1:-}" == "--node" ]] && want_cluster=true && want_node=true

log() { printf '[envtest-binaries] %s\n' "$*" >&2; }
mkdir -p "$BIN_DIR" "$WORK_DIR"
command -v go >/dev/null || { log "go is not on PATH; install Go 1.26 first"; exit 1; }

# Kubernetes binaries: a small module that requires k8s.io/kubernetes and maps every staging
# module (k8s.io/kubernetes replaces them with ./staging/src/... paths that do not exist in
# the module zip) to its published v0.x.y release.
build_kubernetes() {
  local missing=()
  for b in "$@"; do [[ -x "$BIN_DIR/$b" ]] || missing+=("$b"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "building ${missing[*]} from k8s.io/kubernetes v$K8S_VERSION (first build takes several minutes)"
  local mod="$WORK_DIR/kubernetes"
  mkdir -p "$mod"
  (
    cd "$mod"
    # One module for every binary: tools.go imports them all, so that one `go mod tidy` resolves
    # what each needs; a cache made before a binary joined the list is tidied again.
    local tools
    tools=$(printf '//go:build tools\n\npackage tools\n\nimport (\n'
      for c in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do
        printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c"
      done
      printf ')\n')
    # .tidied holds the tools.go a `go mod tidy` last succeeded for (a failed one is run again).
    if [[ ! -f go.sum || "$(cat .tidied 2>/dev/null)" != "$tools" ]]; then
      if [[ ! -f go.mod ]] || ! grep -q "k8s.io/kubernetes v$K8S_VERSION" go.mod; then
        rm -f go.mod go.sum
        go mod init keelson.dev/control-plane-build >/dev/null 2>&1
        go mod edit -require="k8s.io/kubernetes@v$K8S_VERSION"
        local upstream
        upstream=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
        grep -E '=> \./staging/src/' "$upstream" | awk '{print $1}' | sort -u | while read -r m; do
          go mod edit -replace="$m=$m@$STAGING_VERSION"
        done
      fi
      printf '%s\n' "$tools" > tools.go
      log "resolving modules (go mod tidy)"
      go mod tidy
      printf '%s\n' "$tools" > .tidied
    fi
    local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR"
    for b in "${missing[@]}"; do
      log "go build $b"
      go build -ldflags "$ldflags" -o "$BIN_DIR/$b.tmp" "k8s.io/kubernetes/cmd/$b"
      mv "$BIN_DIR/$b.tmp" "$BIN_DIR/$b"
    done
  )
}

build_etcd() {
  [[ -x "$BIN_DIR/etcd" ]] && return 0
  log "building etcd $ETCD_VERSION from go.etcd.io/etcd/server/v3"
  local mod="$WORK_DIR/etcd"
  mkdir -p "$mod"
  (
    cd "$mod"
    if [[ ! -f go.sum ]]; then
      rm -f go.mod
      go mod init keelson.dev/etcd-build >/dev/null 2>&1
      cat > main.go <<GO
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
      go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
      go mod tidy
    fi
    go build -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp" .
    mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
  )
}

# kwok's stages: it refuses to start without Stage objects; the module ships the ones that
# make fake Nodes Ready and move Pods to Running/Ready.
build_kwok() {
  if [[ ! -x "$BIN_DIR/kwok" ]]; then
    log "building kwok $KWOK_VERSION"
    GOBIN="$BIN_DIR" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  fi
  if [[ ! -s "$BIN_DIR/kwok-stages.yaml" ]]; then
    local src
    src=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
    : > "$BIN_DIR/kwok-stages.yaml.tmp"
    for stage in node/fast node/heartbeat pod/fast; do
      for f in "$src"/kustomize/stage/$stage/*.yaml; do
        [[ "$(basename "$f")" == kustomization.yaml ]] && continue
        { echo "---"; cat "$f"; } >> "$BIN_DIR/kwok-stages.yaml.tmp"
      done
    done
    mv "$BIN_DIR/kwok-stages.yaml.tmp" "$BIN_DIR/kwok-stages.yaml"
  fi
}

build_etcd
build_kubernetes kube-apiserver kubectl
if $want_cluster; then
  build_kubernetes kube-controller-manager kube-scheduler
  build_kwok
fi
if $want_node; then
  build_kubernetes kubelet kube-proxy
fi
"$BIN_DIR/kube-apiserver" --version >&2
echo "$TOOLS_DIR"
