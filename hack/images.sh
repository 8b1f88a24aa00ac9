#!/usr/bin/env bash
# Builds the container images Keelson's manifests name, on this machine and without a registry or a
# Docker engine, as OCI archives in $KEELSON_TOOLS_DIR/images/ (hack/oci-image.py packs them):
#   quay.io/keelson/keelson-operator:0.2.0   the Dockerfile's final stage: a JRE and the operator
#   quay.io/keelson/shop:0.1.0               app-services/Dockerfile's final stage: a JRE and the shop
#   redis:7.2                                Debian's redis-server and redis-cli (7.0.15: the version
#                                            Debian ships, under the tag Keelson's default asks for)
#   mongo:7.0                                Keelson's MongoDB stand-in (standins/: mongo-java-server in
#                                            memory behind mongod's command line, SCRAM users and their
#                                            roles, one-member replica sets, TLS): no mongod can be had
#                                            here, so this is not MongoDB, and says so in its log
#   keelson.test/redis-client:1              for the tests: redis-cli and hack/images/redis-client.sh, a
#                                            workload that connects with the redis binding Keelson mounted
# The JRE is a jlink image of this machine's JDK 17 (what eclipse-temurin:17-jre carries); the shell
# and tools are busybox's (Debian's busybox-static); the C libraries are this machine's, copied with
# each binary. The Dockerfiles' USER, ENV, WORKDIR, EXPOSE and ENTRYPOINT are read from the files,
# and their COPY --from=build sources from the Maven build's output, so an image is what the
# Dockerfile describes. The Quarkus apps must be built first (mvn package).
#
#   hack/images.sh                build every image
#   hack/images.sh import SOCKET  build, then import them into the containerd at SOCKET (ctr -n k8s.io)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR=${KEELSON_TOOLS_DIR:-$HOME/.cache/keelson}
out="$TOOLS_DIR/images"
work="$TOOLS_DIR/build/images"
log() { printf '[images] %s\n' "$*" >&2; }
mkdir -p "$out" "$work"
command -v busybox >/dev/null || { log "busybox is missing: run hack/node-binaries.sh (Debian's busybox-static)"; exit 1; }

# The shell, tools, users and /tmp every image has.
base_root() { # dir user-line...
  local root=$1; shift
  rm -rf "$root"
  mkdir -p "$root"/{bin,etc,tmp,lib64,lib/x86_64-linux-gnu,usr/bin}
  chmod 1777 "$root/tmp"
  cp "$(readlink -f "$(command -v busybox)")" "$root/bin/busybox"
  local applet
  for applet in $(busybox --list); do
    [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  local entry
  for entry in "$@"; do
    printf '%s\n' "$entry" >> "$root/etc/passwd"
    printf '%s:x:%s:\n' "${entry%%:*}" "$(cut -d: -f4 <<<"$entry")" >> "$root/etc/group"
  done
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
}

# Every shared library the ELF files under dir (default: root) load, copied from this machine into
# root at the same path.
libraries() { # root [dir]
  local root=$1 dir=${2:-$1} file lib
  while read -r file; do
    while read -r lib; do
      [[ -n "$lib" && -e "$lib" && ! -e "$root$lib" ]] || continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done < <(ldd "$file" 2>/dev/null | sed -n -e 's/.*=> \(\/[^ ]*\).*/\1/p' -e 's/^\s*\(\/[^ ]*\) (.*/\1/p')
  done < <(find "$dir" -type f \( -perm -u+x -o -name '*.so*' \) -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
}

# The shared libraries of native code packed in the jars under root, which loads once a library
# extracts it (Amazon Corretto Crypto Provider's, into /tmp, needs libdl.so.2 that this machine's
# JRE does not): a base image such as eclipse-temurin's has them.
jar_libraries() { # root
  local root=$1 unpacked
  unpacked=$(mktemp -d)
  python3 - "$root" "$unpacked" <<'PY'
import os, re, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
for folder, _, files in os.walk(root):
    for name in files:
        if name.endswith(".jar"):
            with zipfile.ZipFile(os.path.join(folder, name)) as jar:
                for entry in jar.namelist():
                    if re.search(r"\.so(\.[0-9]+)*$", entry):
                        jar.extract(entry, os.path.join(target, name))
PY
  libraries "$root" "$unpacked"
  rm -rf "$unpacked"
}

jre() { # root
  local jdk source
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  # Linked again when the JDK it came from is another one, or was updated.
  source="$jdk $(cat "$jdk/release" 2>/dev/null | grep -E '^(JAVA_VERSION|JAVA_RUNTIME_VERSION)=' | tr '\n' ' ')"
  if [[ ! -x "$work/jre/bin/java" || "$(cat "$work/jre.source" 2>/dev/null)" != "$source" ]]; then
    log "jlink: a JRE from $jdk"
    rm -rf "$work/jre"
    "$jdk/bin/jlink" --add-modules ALL-MODULE-PATH --strip-debug --no-header-files --no-man-pages --output "$work/jre"
    printf '%s' "$source" > "$work/jre.source"
  fi
  mkdir -p "$1/opt/java"
  cp -a "$work/jre" "$1/opt/java/openjdk"
}

# The final stage of a Dockerfile as arguments for oci-image.py, its COPY --from=build lines done
# into root from the repository (/src/X is X here).
dockerfile_stage() { # Dockerfile root
  python3 - "$1" "$2" <<'PY'
import json, os, re, shlex, shutil, sys
dockerfile, root = sys.argv[1], sys.argv[2]
lines, current = [], ""
for raw in open(dockerfile):
    line = raw.rstrip("\n")
    if line.lstrip().startswith("#"):
        continue
    current += line[:-1] + " " if line.endswith("\\") else line
    if not line.endswith("\\"):
        if current.strip():
            lines.append(current.strip())
        current = ""
stage = lines[max(i for i, l in enumerate(lines) if l.upper().startswith("FROM ")):]
args, workdir = [], "/"
for line in stage[1:]:
    word, _, rest = line.partition(" ")
    word = word.upper()
    if word == "WORKDIR":
        workdir = rest.strip()
        args += ["--workdir", workdir]
    elif word == "USER":
        args += ["--user", rest.strip()]
    elif word == "ENV":
        for pair in shlex.split(rest):
            args += ["--env", pair]
    elif word == "EXPOSE":
        for port in rest.split():
            args += ["--port", port if "/" in port else port + "/tcp"]
    elif word == "ENTRYPOINT":
        args += ["--entrypoint", json.dumps(json.loads(rest))]
    elif word == "COPY":
        parts = shlex.split(rest)
        options = [p for p in parts if p.startswith("--")]
        source, target = [p for p in parts if not p.startswith("--")]
        if "--from=build" not in options:
            sys.exit("unsupported COPY in " + dockerfile + ": " + line)
        local = os.path.relpath(source, "/src")
        destination = root + (target if target.startswith("/") else os.path.join(workdir, target))
        if not os.path.exists(local):
            sys.exit(f"{local} is missing: build it first (mvn package)")
        if os.path.isdir(local):
            shutil.copytree(local, destination, symlinks=True, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            shutil.copy2(local, destination)
        chown = [o for o in options if o.startswith("--chown=")]
        if chown:
            args += ["--owner", os.path.relpath(destination, root) + "=" + chown[0].split("=", 1)[1]]
    elif word in ("LABEL",):
        pass
    else:
        sys.exit("unsupported instruction in " + dockerfile + ": " + line)
print("\n".join(args))
PY
}

java_image() { # Dockerfile name...
  local dockerfile=$1; shift
  local root="$work/$(basename "$(dirname "$(readlink -f "$dockerfile")")")-root"
  base_root "$root" "jboss:x:185:0:jboss:/deployments:/bin/sh"
  jre "$root"
  local args
  mapfile -t args < <(dockerfile_stage "$dockerfile" "$root")
  [[ ${#args[@]} -gt 0 ]] || { log "could not read $dockerfile"; exit 1; }
  libraries "$root"
  jar_libraries "$root"
  local names=() image
  for image in "$@"; do names+=(--name "$image"); done
  python3 hack/oci-image.py --root "$root" "${names[@]}" --output "$out/$(tr '/:' '__' <<<"$1").tar" \
    --env JAVA_HOME=/opt/java/openjdk --env PATH=/opt/java/openjdk/bin:/usr/bin:/bin "${args[@]}" >/dev/null
  log "$* from $dockerfile"
}

redis_image() {
  local root="$work/redis-root"
  base_root "$root" "redis:x:999:999:redis:/data:/bin/sh"
  cp "$(readlink -f "$(command -v redis-server)")" "$root/usr/bin/redis-server"
  cp "$(readlink -f "$(command -v redis-cli)")" "$root/usr/bin/redis-cli"
  mkdir -p "$root/data"
  libraries "$root"
  python3 hack/oci-image.py --root "$root" --name redis:7.2 --output "$out/redis_7.2.tar" \
    --owner data=999:999 --workdir /data --user 999:999 --port 6379/tcp --cmd '["redis-server"]' >/dev/null
  log "redis:7.2 (Debian's $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'))"
}

mongo_image() {
  local root="$work/mongo-root"
  base_root "$root" "mongodb:x:999:999:mongodb:/data/db:/bin/sh"
  jre "$root"
  mkdir -p "$root/opt/standin" "$root/data/db" "$root/data/configdb" "$root/usr/local/bin"
  cp standins/target/keelson-standins-*.jar standins/target/lib/*.jar "$root/opt/standin/"
  install -m 0755 hack/images/mongo-entrypoint.sh "$root/usr/local/bin/docker-entrypoint.sh"
  libraries "$root"
  python3 hack/oci-image.py --root "$root" --name mongo:7.0 --output "$out/mongo_7.0.tar" \
    --owner data/db=999:999 --owner data/configdb=999:999 --user 999:999 --port 27017/tcp \
    --env JAVA_HOME=/opt/java/openjdk --env PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin \
    --entrypoint '["/usr/local/bin/docker-entrypoint.sh"]' --cmd '["mongod"]' >/dev/null
  log "mongo:7.0 (Keelson's MongoDB stand-in, standins/)"
}

redis_client_image() {
  local root="$work/redis-client-root"
  base_root "$root" "client:x:65532:65532:client:/tmp:/bin/sh"
  cp "$(readlink -f "$(command -v redis-cli)")" "$root/usr/bin/redis-cli"
  cp hack/images/redis-client.sh "$root/usr/bin/redis-client"
  libraries "$root"
  python3 hack/oci-image.py --root "$root" --name keelson.test/redis-client:1 --output "$out/keelson.test_redis-client_1.tar" \
    --user 65532:65532 --port 8080/tcp --entrypoint '["/bin/sh", "/usr/bin/redis-client"]' >/dev/null
  log "keelson.test/redis-client:1"
}

[[ -f operator/target/quarkus-app/quarkus-run.jar && -f app-services/target/quarkus-app/quarkus-run.jar && -d standins/target/lib ]] \
  || { log "build the Quarkus apps and the stand-ins first: mvn -B package -DskipTests"; exit 1; }
redis_image
mongo_image
redis_client_image
java_image Dockerfile quay.io/keelson/keelson-operator:0.2.0
java_image app-services/Dockerfile quay.io/keelson/shop:0.1.0

if [[ "${1:-}" == import ]]; then
  socket=${2:?the containerd socket to import into}
  ctr="$TOOLS_DIR/node/ctr"
  for tar in "$out"/*.tar; do
    "$ctr" -a "$socket" -n k8s.io images import "$tar" >/dev/null
  done
  log "imported $(ls "$out"/*.tar | wc -l) images into $socket"
fi
