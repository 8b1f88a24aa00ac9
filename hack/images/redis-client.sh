#!/bin/sh
# The redis-client test image's program (hack/images.sh): a workload that uses only what Keelson
# mounted at $SERVICE_BINDING_ROOT/redis. Once a second it finds the master (in sentinel mode it asks
# the Sentinels named in the binding, as their client user, as a Sentinel-aware client does), writes
# and reads back a key under its key prefix as its own ACL user, and logs the outcome. Its health
# pages (busybox httpd on 8080) say ready only while that works, so the pod's readiness is the
# client's connection. Every call gives up after 3 s, as a client library's socket timeout would:
# a master that hangs accepts connections and never answers.
set -u
binding=${SERVICE_BINDING_ROOT:-/bindings}/redis
www=/tmp/www
mkdir -p "$www/health"
echo UP > "$www/health/live"
httpd -p 8080 -h "$www"
entry() { cat "$binding/$1" 2>/dev/null; }
tls() { [ "$(entry ssl)" = true ] && echo "--tls --cacert $binding/ca.crt"; }
master() {
  if [ -z "$(entry sentinel.master)" ]; then
    echo "$(entry host) $(entry port)"
    return
  fi
  for node in $(entry sentinel.nodes | tr ',' ' '); do
    # shellcheck disable=SC2046
    answer=$(REDISCLI_AUTH="$(entry sentinel.password)" timeout 3 redis-cli $(tls) --user "$(entry sentinel.username)" \
      -h "${node%:*}" -p "${node##*:}" --raw sentinel get-master-addr-by-name "$(entry sentinel.master)" 2>/dev/null | tr '\n' ' ')
    case "$answer" in
      *ERR*|*NOAUTH*|*NOPERM*|" "|"") continue ;;
      *) echo "$answer"; return ;;
    esac
  done
}
last=""
while true; do
  set -- $(master)
  host=${1:-}; port=${2:-}
  value="$(hostname)-$(date +%s)"
  # shellcheck disable=SC2046
  if [ -n "$host" ] && reply=$(REDISCLI_AUTH="$(entry password)" timeout 3 redis-cli $(tls) --user "$(entry username)" -h "$host" -p "$port" \
      --raw eval "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])" 1 "$(entry key-prefix)probe" "$value" 2>&1) \
      && [ "$reply" = "$value" ]; then
    echo UP > "$www/health/ready"
    state="ok master=$host:$port"
  else
    rm -f "$www/health/ready"
    state="failing master=${host:-unknown}:${port:-} reply=$(echo "${reply:-no master}" | head -n 1)"
  fi
  [ "$state" != "$last" ] && echo "$(date -u +%H:%M:%S) $state"
  last=$state
  sleep 1
done
