#!/usr/bin/env bash
# Builds what a real Kubernetes node on this machine runs (hack/real-node.sh), from Go modules and
# Debian's packages, and caches it in $KEELSON_TOOLS_DIR/node/:
#   - kubelet and kube-proxy v1.37.2 (hack/envtest-binaries.sh --node, beside the control plane);
#   - containerd, its runc shim and ctr, v2.3.7 from github.com/containerd/containerd/v2;
#   - CoreDNS v1.14.2 from github.com/coredns/coredns with its plugins (kubernetes among them);
#   - the pod sandbox's pause program, compiled statically from the kubernetes module's
#     build/pause/linux/pause.c (no registry to pull it from), packed as an OCI image tar;
#   - from Debian: runc, the CNI plugins (bridge, host-local, loopback), iptables, conntrack and
#     busybox-static (the shell and tools of the images hack/images.sh builds).
# Idempotent; prints the directory on its last line. Nothing is written inside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

CONTAINERD_VERSION=${CONTAINERD_VERSION:-v2.3.7}
COREDNS_VERSION=${COREDNS_VERSION:-v1.14.2}
TOOLS_DIR=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
NODE_DIR="$TOOLS_DIR/node"
WORK_DIR="$TOOLS_DIR/build"
log() { printf '[node-binaries] %s\n' "$*" >&2; }
mkdir -p "$NODE_DIR" "$WORK_DIR"

debian_packages() {
  local missing=()
  command -v runc >/dev/null || missing+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  [[ -x /bin/busybox ]] || missing+=(busybox-static)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing Debian's ${missing[*]}"
  local as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A module of our own that requires the upstream one and builds its packages: `go install
# pkg@version` refuses modules whose go.mod has replace directives.
build_from_module() { # dir module version main-file-or-"" tags output package...
  local dir=$1 module=$2 version=$3 main=$4 tags=$5 cgo=$6; shift 6
  (
    cd "$dir"
    if [[ ! -f go.sum ]]; then
      rm -f go.mod
      go mod init "keelson.dev/$(basename "$dir")-build" >/dev/null 2>&1
      go mod edit -require="$module@$version"
      [[ -n "$main" ]] && printf '%s\n' "$main" > main.go
      go mod tidy
    fi
    while [[ $# -gt 0 ]]; do
      local out=$1 pkg=$2; shift 2
      [[ -x "$NODE_DIR/$out" ]] && continue
      log "go build $out ($module $version)"
      CGO_ENABLED=$cgo go build -tags "$tags" -ldflags "-s -w" -o "$NODE_DIR/$out.tmp" "$pkg"
      mv "$NODE_DIR/$out.tmp" "$NODE_DIR/$out"
    done
  )
}

containerd() {
  [[ -x "$NODE_DIR/containerd" && -x "$NODE_DIR/containerd-shim-runc-v2" && -x "$NODE_DIR/ctr" ]] && return 0
  local dir="$WORK_DIR/containerd" m=github.com/containerd/containerd/v2
  mkdir -p "$dir"
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "%s/cmd/containerd"\n\t_ "%s/cmd/containerd-shim-runc-v2"\n\t_ "%s/cmd/ctr"\n)\n' \
    "$m" "$m" "$m" > "$dir/tools.go"
  build_from_module "$dir" "$m" "$CONTAINERD_VERSION" "" "no_btrfs no_devmapper no_zfs urfave_cli_no_docs" 0 \
    containerd "$m/cmd/containerd" ctr "$m/cmd/ctr"
  build_from_module "$dir" "$m" "$CONTAINERD_VERSION" "" "no_grpc urfave_cli_no_docs" 0 \
    containerd-shim-runc-v2 "$m/cmd/containerd-shim-runc-v2"
}

coredns() {
  [[ -x "$NODE_DIR/coredns" ]] && return 0
  local dir="$WORK_DIR/coredns"
  mkdir -p "$dir"
  build_from_module "$dir" github.com/coredns/coredns "$COREDNS_VERSION" 'package main

import (
	_ "github.com/coredns/coredns/core/plugin"
	"github.com/coredns/coredns/coremain"
)

func main() { coremain.Run() }' "" 0 coredns .
}

# The sandbox image: pause.c from the kubernetes module, static, as a one-layer OCI image.
pause() {
  [[ -s "$NODE_DIR/pause.tar" ]] && return 0
  local src
  src=$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION:-1.37.2}" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  log "compiling pause from $src/build/pause/linux/pause.c"
  local root="$WORK_DIR/pause-root"
  rm -rf "$root" && mkdir -p "$root"
  gcc -Os -static -o "$root/pause" "$src/build/pause/linux/pause.c"
  strip "$root/pause"
  python3 hack/oci-image.py --root "$root" --name registry.k8s.io/pause:3.10 --entrypoint '["/pause"]' \
    --user 65535:65535 --output "$NODE_DIR/pause.tar.tmp" >&2
  mv "$NODE_DIR/pause.tar.tmp" "$NODE_DIR/pause.tar"
}

debian_packages
hack/envtest-binaries.sh --node >/dev/null
containerd
coredns
pause
echo "$TOOLS_DIR"
