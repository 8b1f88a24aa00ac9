#!/usr/bin/env bash
# Builds the ecosystem's own checkers the tests judge Keelson with, from their Go modules
# (hack/checkers/go.mod pins them), into $KEELSON_TOOLS_DIR/checkers/:
#   kstatus       sigs.k8s.io/cli-utils pkg/kstatus/status: the status Flux, kpt and cli-utils read
#   argo-health   Argo CD's health Lua run by github.com/yuin/gopher-lua, the interpreter Argo CD embeds
# and promtool, Prometheus's own rule checker, taken from Debian's prometheus package (downloaded
# and unpacked, not installed: no Prometheus server is set up).
#
# Idempotent: rebuilt only when the checkers' sources change. Prints the directory on its last line.
set -euo pipefail
cd "$(dirname "$0")/checkers"
TOOLS_DIR=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
OUT="$TOOLS_DIR/checkers"
command -v go >/dev/null || { echo "[checkers] go is not on PATH; install Go 1.26 first" >&2; exit 1; }
mkdir -p "$OUT"
stamp=$(cat go.mod go.sum $(find . -name '*.go' | sort) | sha256sum | cut -c1-16)
for cmd in $(find . -mindepth 2 -name main.go -printf '%h\n' | sed 's|^\./||' | sort); do
  if [[ -x "$OUT/$cmd" && "$(cat "$OUT/$cmd.stamp" 2>/dev/null)" == "$stamp" ]]; then continue; fi
  echo "[checkers] building $cmd" >&2
  go build -trimpath -o "$OUT/$cmd" "./$cmd"
  echo "$stamp" > "$OUT/$cmd.stamp"
done
if [[ ! -x "$OUT/promtool" ]]; then
  echo "[checkers] unpacking promtool from Debian's prometheus package" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null 2>&1; }; } \
    && dpkg -x prometheus_*.deb unpacked) || { echo "[checkers] cannot download Debian's prometheus package" >&2; exit 1; }
  cp "$tmp/unpacked/usr/bin/promtool" "$OUT/promtool"
fi
echo "$OUT"
