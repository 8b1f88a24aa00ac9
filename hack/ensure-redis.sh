#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing: the tests and hack/run-local.sh run a real
# Redis in place of the Redis pods that a simulated cluster does not run.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
echo "redis-server is missing: installing the Debian package" >&2
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null
command -v redis-server >/dev/null
