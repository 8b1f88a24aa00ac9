#!/usr/bin/env bash
# Builds the Operator Lifecycle Manager tooling Keelson's tests use, from Go modules, into
# $KEELSON_TOOLS_DIR/olm/ (default ~/.cache/keelson/olm/):
#   olm-check   hack/olm-tools/olm-check: bundle validation (operator-framework/api), catalog
#               validation, bundle rendering and catalog serving (operator-registry) — the
#               offline parts of `operator-sdk bundle validate`, `opm validate|render|serve`
#   olm         OLM's olm operator (CSVs, OperatorGroups) from operator-lifecycle-manager
#   catalog     OLM's catalog operator (CatalogSources, Subscriptions, InstallPlans)
#   crds/       OLM's CRDs, from the operator-framework/api module's crds/ directory
#
# Cold build times on this machine (2 cores, empty Go build cache, modules downloaded, a Maven
# build running alongside):
#   olm-check    133 s (cgo, for operator-registry's sqlite); ~6 s after a change to main.go
#   olm+catalog  171 s for both (CGO_ENABLED=0); ~130 s when olm-check's packages are cached
#
# Running OLM against a kube-apiserver from outside the cluster (verified with
# hack/local-cluster.sh and kwok):
#   kubectl apply --server-side -f $OUT/crds/      all eight; olm and catalog exit or never sync
#                                                  their caches without them
#   KUBECONFIG=... $OUT/olm                        no --kubeconfig flag: controller-runtime reads
#                                                  $KUBECONFIG
#   $OUT/catalog --kubeconfig ... [--namespace olm]  the global-catalog namespace; it need not exist
#                                                  when CatalogSources live in the Subscription's own
#                                                  namespace
#   olm-check serve --port N DIR  +  a CatalogSource {sourceType: grpc, address: 127.0.0.1:N}
# Both operators bind :8080 (or :8443 with --tls-cert/--tls-key) on all interfaces for
# /healthz and /metrics; the second one logs "bind: address already in use" and runs on.
#
# Idempotent: olm-check is rebuilt only when its sources change, OLM only when its version
# changes. Prints the directory on its last line. No binary is written inside the repository.
set -euo pipefail
cd "$(dirname "$0")/olm-tools"

OLM_VERSION=${OLM_VERSION:-v0.46.0}
API_VERSION=${OLM_API_VERSION:-v0.45.0}
OLM_MODULE=github.com/operator-framework/operator-lifecycle-manager
API_MODULE=github.com/operator-framework/api
TOOLS_DIR=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
OUT="$TOOLS_DIR/olm"
WORK_DIR="$TOOLS_DIR/build"

log() { printf '[olm-tools] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "go is not on PATH; install Go 1.26 first"; exit 1; }
mkdir -p "$OUT" "$WORK_DIR"

# olm-check: operator-registry needs cgo (mattn/go-sqlite3) and, like opm's own build, the
# containers_image_openpgp tag (else containers/image wants the gpgme C library).
stamp=$(cat go.mod go.sum $(find . -name '*.go' | sort) | sha256sum | cut -c1-16)
if [[ ! -x "$OUT/olm-check" || "$(cat "$OUT/olm-check.stamp" 2>/dev/null)" != "$stamp" ]]; then
  command -v gcc >/dev/null || { log "olm-check needs a C compiler (cgo for sqlite): install gcc"; exit 1; }
  log "building olm-check"
  SECONDS=0
  CGO_ENABLED=1 go build -trimpath -tags json1,containers_image_openpgp -o "$OUT/olm-check.tmp" ./olm-check
  mv "$OUT/olm-check.tmp" "$OUT/olm-check"
  echo "$stamp" > "$OUT/olm-check.stamp"
  log "built olm-check in ${SECONDS}s"
fi

# OLM's operators, built from a small module that requires OLM and repeats its replace lines
# (v0.46.0 has none). Not `go install pkg@version`: that also asks the proxy for the module's
# version list (for deprecation notices), which this machine's proxy refuses with
# "403 Forbidden ... This module version is not available."
build_olm() {
  local ldflags="-s -w -X $OLM_MODULE/pkg/version.OLMVersion=$OLM_VERSION"
  local upstream_mod mod="$WORK_DIR/olm-$OLM_VERSION"
  upstream_mod=$(go mod download -json "$OLM_MODULE@$OLM_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  mkdir -p "$mod"
  (
    cd "$mod"
    if [[ ! -f go.sum ]]; then
      rm -f go.mod
      go mod init keelson.dev/olm-build >/dev/null 2>&1
      go mod edit -require="$OLM_MODULE@$OLM_VERSION"
      # Its replace lines verbatim (go.mod syntax), single or in a block, except local paths.
      awk '/^replace *\(/{b=1;next} b&&/^\)/{b=0;next} b||/^replace /{sub(/^replace /,""); print}' "$upstream_mod" |
        { grep '=>' || true; } | { grep -v '=> *\.' || true; } | sed 's/^/replace /' >> go.mod
      printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "%s/cmd/catalog"\n\t_ "%s/cmd/olm"\n)\n' \
        "$OLM_MODULE" "$OLM_MODULE" > tools.go
      go mod tidy
    fi
    CGO_ENABLED=0 go build -trimpath -tags json1 -ldflags "$ldflags" -o "$OUT/olm.tmp" "$OLM_MODULE/cmd/olm"
    CGO_ENABLED=0 go build -trimpath -tags json1 -ldflags "$ldflags" -o "$OUT/catalog.tmp" "$OLM_MODULE/cmd/catalog"
  )
  mv "$OUT/olm.tmp" "$OUT/olm" && mv "$OUT/catalog.tmp" "$OUT/catalog"
}
if [[ ! -x "$OUT/olm" || ! -x "$OUT/catalog" || "$(cat "$OUT/olm.stamp" 2>/dev/null)" != "$OLM_VERSION" ]]; then
  log "building olm and catalog from $OLM_MODULE $OLM_VERSION (first build takes a few minutes)"
  SECONDS=0
  build_olm
  echo "$OLM_VERSION" > "$OUT/olm.stamp"
  log "built olm and catalog in ${SECONDS}s"
fi

# OLM's CRDs: the api module is the source OLM's own manifests are generated from.
if [[ "$(cat "$OUT/crds/.version" 2>/dev/null)" != "$API_VERSION" ]]; then
  src=$(go mod download -json "$API_MODULE@$API_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  [[ -d "$src/crds" ]] || { log "no crds/ in $API_MODULE@$API_VERSION"; exit 1; }
  rm -rf "$OUT/crds" && mkdir -p "$OUT/crds"
  cp "$src"/crds/*.yaml "$OUT/crds/" && chmod u+w "$OUT"/crds/*.yaml
  echo "$API_VERSION" > "$OUT/crds/.version"
fi
echo "$OUT"
