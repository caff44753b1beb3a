#!/usr/bin/env bash
# Test bench for zkops.ensemble: builds (once, cached by content) everything the
# integration tests, Molecule scenarios and the demo need on a machine that can
# reach only Debian's mirror and PyPI.
#
#   scripts/bench.sh STEP...     steps: tools venv zk-local engine host-image
#                                       zk-artifacts mirror zk-images all
#
# Results are recorded in <repo>/.cache/bench.env (shell `export` lines).
# Big things live in the cache dir ${ZKOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}.
# See docs/test-bench.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
here="$repo/scripts/bench"
cache=${ZKOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}
bench="$cache/bench"
envfile="$repo/.cache/bench.env"
ZK_VERSIONS=(3.8.0 3.9.3)
# Debian suite that carries each ZooKeeper version (upstream scripts + jars).
declare -A ZK_SUITE=([3.8.0]=bookworm [3.9.3]=trixie)
HOST_SUITE=bookworm
HOST_PACKAGES=python3,python3-apt,systemd,systemd-sysv,dbus,procps,iproute2,sudo,acl,ca-certificates
MIRROR_PORT=${ZKOPS_MIRROR_PORT:-18765}
# A fixed timestamp makes the tarballs reproducible (same bytes, same sha512).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "$1 needs root (apt-get/debootstrap/dockerd); run as root"; }
hash_of() { sha256sum | cut -c1-12; }

# Record KEY=VALUE in bench.env (replacing an older line for KEY). The file
# holds sorted `export` lines, then a few lines derived from the checkout
# (venv on PATH, collections path) so that `. .cache/bench.env` is enough to
# run .venv/bin/molecule or ansible-playbook from the repo.
record() {
  mkdir -p "$(dirname "$envfile")"
  touch "$envfile"
  local tmp
  tmp=$(mktemp "$envfile.XXXX")
  grep '^export ' "$envfile" | grep -v "^export $1=" | grep -v '# bench:derived$' >"$tmp" || true
  printf 'export %s=%q\n' "$1" "$2" >>"$tmp"
  sort -o "$tmp" "$tmp"
  local venv="$repo/.venv" site
  site=$(compgen -G "$venv/lib/python3*/site-packages" | head -n1 || true)
  {
    echo "# derived from the checkout by scripts/bench.sh"
    # shellcheck disable=SC2016  # $PATH is for whoever sources bench.env, not expanded here
    printf 'case ":$PATH:" in *":%s/bin:"*) ;; *) export PATH="%s/bin:$PATH" ;; esac  # bench:derived\n' "$venv" "$venv"
    printf 'export ANSIBLE_COLLECTIONS_PATH=%q  # bench:derived\n' "$repo/.cache/collections${site:+:$site}"
    # scenarios live in molecule/ (not extensions/molecule) next to galaxy.yml
    printf "export MOLECULE_GLOB='molecule/*/molecule.yml'  # bench:derived\n"
  } >>"$tmp"
  mv "$tmp" "$envfile"
  export "$1=$2"
}

# ---------------------------------------------------------------- apt helpers
debian_mirror() {
  if [ -n "${ZKOPS_DEBIAN_MIRROR:-}" ]; then echo "$ZKOPS_DEBIAN_MIRROR"; return; fi
  local url=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    url=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$url" ] && [ -f /etc/apt/sources.list ]; then
    url=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$url" ] || die "no Debian mirror URL in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list (set ZKOPS_DEBIAN_MIRROR)"
  echo "${url%/}"
}

# apt-get with a PRIVATE configuration for one suite: own sources file (deb and
# deb-src), own lists and archives. The system's apt sources are never touched.
apt_private() {  # apt_private SUITE [apt-get|apt-cache] ARGS...
  local suite=$1 tool=apt-get; shift
  case "${1:-}" in apt-get|apt-cache) tool=$1; shift ;; esac
  local d="$bench/apt/$suite"
  mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/cache"
  if [ ! -f "$d/sources.list" ]; then
    local m; m=$(debian_mirror)
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\ndeb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
      "$m" "$suite" "$m" "$suite" >"$d/sources.list"
  fi
  "$tool" -q -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" -o Dir::Cache::Archives="$d/archives" \
    -o APT::Sandbox::User=root "$@"
}

apt_private_update() {
  local suite=$1 stamp="$bench/apt/$1/updated"
  if [ -z "$(find "$stamp" -mmin -720 2>/dev/null)" ]; then
    log "apt-get update (private lists for $suite)"
    apt_private "$suite" update >"$bench/apt-$suite-update.log" 2>&1 ||
      { tail -n 20 "$bench/apt-$suite-update.log" >&2; die "apt-get update for $suite failed (mirror $(debian_mirror) unreachable?)"; }
    touch "$stamp"
  fi
}

# Install Debian packages on the controller when missing (system sources).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  need_root "installing ${missing[*]}"
  log "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >"$bench/apt-install.log" 2>&1; then
    apt-get update -q >"$bench/apt-update.log" 2>&1 || { tail -n 20 "$bench/apt-update.log" >&2; die "apt-get update failed"; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >"$bench/apt-install.log" 2>&1 ||
      { tail -n 20 "$bench/apt-install.log" >&2; die "apt-get install ${missing[*]} failed (log: $bench/apt-install.log)"; }
  fi
}

# ---------------------------------------------------------------------- steps
# The ONE list of the programs the bench, the suite and the demo call beyond
# what the steps below install themselves (command:Debian package).
# scripts/test.sh refuses to start when one is still missing. chromium: the
# status report's browser test (tests/integration/test_status_report.py) opens
# the report headless, screenshots it and dumps its DOM.
TOOL_PACKAGES=(rsync:rsync shellcheck:shellcheck git:git curl:curl chromium:chromium)
# Packages without a command: the fonts the report's screenshots are drawn with.
DATA_PACKAGES=(fonts-dejavu-core)

step_tools() {
  local entry missing=()
  for entry in "${TOOL_PACKAGES[@]}"; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  apt_install "${DATA_PACKAGES[@]}"
}

step_venv() {
  "$repo/scripts/venv.sh"
  record ZKOPS_VENV "$(readlink -f "$repo/.venv")"
}

step_zk_local() {
  # Real servers for the integration tests and the demo (Debian's 3.8.0), plus
  # the jars the tarballs are assembled from (logback for the slf4j binding,
  # jline 2 for zkCli.sh as upstream ships it).
  apt_install zookeeper liblogback-java libjline2-java libservlet-api-java
  record ZKOPS_ZK_LOCAL_HOME /usr/share/zookeeper
}

# Pick a docker client that talks to the engine: /usr/local/bin/docker (newer
# client) negotiates the API version down; fall back to Debian's /usr/bin/docker.
DOCKER=""
docker_ok() { "$1" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }
pick_docker() {
  local c
  for c in "${ZKOPS_DOCKER:-}" "$(command -v docker 2>/dev/null || true)" /usr/bin/docker; do
    [ -n "$c" ] && [ -x "$c" ] && docker_ok "$c" && { DOCKER=$c; return 0; }
  done
  return 1
}
need_engine() {
  [ -n "$DOCKER" ] || pick_docker || die "the Docker engine does not answer; run 'scripts/bench.sh engine' first"
}

step_engine() {
  mkdir -p "$bench"
  if pick_docker; then
    log "engine: answers ($DOCKER, server $("$DOCKER" version --format '{{.Server.Version}}'))"
  else
    command -v dockerd >/dev/null 2>&1 || apt_install docker.io
    need_root "starting dockerd"
    local dlog="$bench/dockerd.log"
    log "engine: starting dockerd (log: $dlog)"
    # setsid: the daemon outlives this script (and its process group).
    # shellcheck disable=SC2016  # $$ and $1 belong to the inner shell
    setsid sh -c 'echo $$ >"$1"; exec dockerd' sh "$bench/dockerd.pid" >"$dlog" 2>&1 </dev/null &
    sleep 0.2
    local i
    for i in $(seq 1 60); do
      pick_docker && break
      if ! kill -0 "$(cat "$bench/dockerd.pid")" 2>/dev/null; then
        tail -n 25 "$dlog" >&2
        die "dockerd exited during start-up (see above, full log $dlog)"
      fi
      sleep 1
    done
    [ -n "$DOCKER" ] || { tail -n 25 "$dlog" >&2; die "dockerd did not answer within 60s (log $dlog)"; }
    log "engine: ready after ${i}s ($DOCKER)"
  fi
  record ZKOPS_DOCKER "$DOCKER"
}

image_exists() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

docker_build() {  # docker_build TAG DOCKERFILE CONTEXT [--build-arg ...]
  local tag=$1 file=$2 ctx=$3; shift 3
  local blog="$bench/build-${tag//[:\/]/_}.log"
  log "docker build $tag (log: $blog)"
  DOCKER_BUILDKIT=0 "$DOCKER" build --network bridge -t "$tag" -f "$file" "$@" "$ctx" >"$blog" 2>&1 ||
    { tail -n 30 "$blog" >&2; die "docker build of $tag failed (log $blog)"; }
}

step_host_image() {
  need_engine
  # The recipe: suite, package list, the sources file the containers use, and
  # both Dockerfiles. Any change gives a new hash tag, hence a rebuild.
  local sources="$bench/host-debian.sources"
  mkdir -p "$bench"
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$(debian_mirror)" "$HOST_SUITE" "$HOST_SUITE" "$(debian_mirror | sed 's#/debian$#/debian-security#')" "$HOST_SUITE" >"$sources.new"
  mv "$sources.new" "$sources"
  local rhash hhash jhash
  rhash=$( { echo "minbase $HOST_SUITE $HOST_PACKAGES"; cat "$sources"; } | hash_of)
  hhash=$( { echo "$rhash"; cat "$here/host.Dockerfile"; } | hash_of)
  jhash=$( { echo "$hhash"; cat "$here/host-java.Dockerfile"; } | hash_of)
  local rootfs_tag="zkops/host-rootfs:$rhash" host_tag="zkops/host:$hhash" java_tag="zkops/host-java:$jhash"

  if ! image_exists "$rootfs_tag"; then
    local tarball="$bench/rootfs-$rhash.tar"
    if [ ! -s "$tarball" ]; then
      need_root debootstrap
      command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
      local dir="$bench/rootfs-$rhash.d"
      rm -rf "$dir"
      log "host-image: debootstrap $HOST_SUITE into $dir (about 1.5 min)"
      debootstrap --variant=minbase --include="$HOST_PACKAGES" "$HOST_SUITE" "$dir" "$(debian_mirror)" \
        >"$bench/debootstrap-$rhash.log" 2>&1 ||
        { tail -n 25 "$bench/debootstrap-$rhash.log" >&2; die "debootstrap failed (log $bench/debootstrap-$rhash.log)"; }
      rm -f "$dir/etc/apt/sources.list"
      install -m 0644 "$sources" "$dir/etc/apt/sources.list.d/debian.sources"
      rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin
      tar -C "$dir" --numeric-owner -cf "$tarball.tmp" .
      mv "$tarball.tmp" "$tarball"
      rm -rf "$dir"
    fi
    log "host-image: docker import $rootfs_tag"
    "$DOCKER" import "$tarball" "$rootfs_tag" >/dev/null
  fi
  image_exists "$host_tag" || docker_build "$host_tag" "$here/host.Dockerfile" "$here" --build-arg "BASE=$rootfs_tag"
  image_exists "$java_tag" || docker_build "$java_tag" "$here/host-java.Dockerfile" "$here" --build-arg "BASE=$host_tag"
  "$DOCKER" tag "$host_tag" zkops/host:latest
  "$DOCKER" tag "$java_tag" zkops/host-java:latest
  record ZKOPS_HOST_IMAGE "$host_tag"
  record ZKOPS_HOST_JAVA_IMAGE "$java_tag"
  log "host-image: $host_tag, $java_tag"
}

# ------------------------------------------------------------- zk-artifacts
tarball_of() { echo "$bench/artifacts/apache-zookeeper-$1-bin.tar.gz"; }

# Hash of the tarball recipe (this script's builder function): a changed
# recipe rebuilds the tarballs even though the old ones still verify.
tarball_recipe() { { declare -f zk_build_tarball; echo "${ZK_SUITE[$1]}"; } | hash_of; }

tarball_ok() {  # the tarball exists, matches its .sha512 and was built by this recipe
  local t; t=$(tarball_of "$1")
  [ -s "$t" ] && [ -s "$t.sha512" ] && (cd "$(dirname "$t")" && sha512sum -c --status "$(basename "$t").sha512")
}

# Upstream version carried by SUITE's source package `zookeeper`.
zk_build_tarball() {
  local v=$1 suite=${ZK_SUITE[$1]}
  local work="$bench/work/$v" dist="apache-zookeeper-$v-bin"
  rm -rf "$work"; mkdir -p "$work/src" "$work/deb" "$work/$dist/bin" "$work/$dist/conf" "$work/$dist/lib"
  apt_private_update "$suite"

  # Upstream's own bin/ and conf/ from the upstream source tarball.
  log "zk-artifacts $v: apt-get source zookeeper ($suite)"
  local srcver
  srcver=$(apt_private "$suite" apt-cache showsrc zookeeper 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -n1 || true)
  [ -n "$srcver" ] || die "no source package zookeeper in $suite (private deb-src lists in $bench/apt/$suite)"
  case "$srcver" in "$v"-*|*:"$v"-*|"$v"+*) ;; *) die "$suite carries zookeeper $srcver, expected upstream $v" ;; esac
  (cd "$work/src" && apt_private "$suite" source --download-only "zookeeper=$srcver" >"$work/source.log" 2>&1) ||
    { tail -n 20 "$work/source.log" >&2; die "apt-get source zookeeper=$srcver ($suite) failed"; }
  local orig; orig=$(find "$work/src" -maxdepth 1 -name 'zookeeper_*.orig.tar.*' ! -name '*.asc' | head -n1)
  [ -n "$orig" ] || die "apt-get source brought no .orig tarball for zookeeper $srcver"
  mkdir -p "$work/src/x"
  tar -C "$work/src/x" -xf "$orig"
  local top; top=$(find "$work/src/x" -mindepth 1 -maxdepth 1 -type d | head -n1)
  if [ ! -f "$top/bin/zkServer.sh" ] || [ ! -f "$top/conf/zoo_sample.cfg" ]; then
    die "upstream source $orig has no bin/zkServer.sh or conf/zoo_sample.cfg"
  fi
  cp -p "$top"/bin/*.sh "$work/$dist/bin/"
  [ -f "$top/bin/README.txt" ] && cp -p "$top/bin/README.txt" "$work/$dist/bin/"
  chmod 0755 "$work/$dist"/bin/*.sh
  cp -p "$top"/conf/* "$work/$dist/conf/"
  [ -f "$work/$dist/conf/logback.xml" ] || die "upstream conf/ of $v has no logback.xml"
  for f in LICENSE.txt NOTICE.txt README.md; do [ -f "$top/$f" ] && cp -p "$top/$f" "$work/$dist/"; done

  # ZooKeeper's own jars.
  local zkjar jutejar
  if [ "$suite" = bookworm ]; then
    zkjar=/usr/share/java/zookeeper.jar; jutejar=/usr/share/java/zookeeper-jute.jar
    local have; have=$(dpkg-query -W -f='${Version}' libzookeeper-java)
    case "$have" in "$v"-*|*:"$v"-*|"$v"+*) ;; *) die "controller's libzookeeper-java is $have, expected upstream $v (bookworm)" ;; esac
  else
    log "zk-artifacts $v: libzookeeper-java from $suite (dpkg-deb -x, not installed)"
    (cd "$work/deb" && apt_private "$suite" download "libzookeeper-java=$srcver" >"$work/download.log" 2>&1) ||
      { tail -n 20 "$work/download.log" >&2; die "apt-get download libzookeeper-java=$srcver ($suite) failed"; }
    dpkg-deb -x "$work"/deb/libzookeeper-java_*.deb "$work/deb/x"
    zkjar="$work/deb/x/usr/share/maven-repo/org/apache/zookeeper/zookeeper/$v/zookeeper-$v.jar"
    jutejar="$work/deb/x/usr/share/maven-repo/org/apache/zookeeper/zookeeper-jute/$v/zookeeper-jute-$v.jar"
  fi
  if [ ! -f "$zkjar" ] || [ ! -f "$jutejar" ]; then
    die "zookeeper/jute jars for $v not found ($zkjar, $jutejar)"
  fi
  cp -L "$zkjar" "$work/$dist/lib/zookeeper-$v.jar"
  cp -L "$jutejar" "$work/$dist/lib/zookeeper-jute-$v.jar"

  # Dependencies: the transitive Class-Path of the jar's manifest, resolved
  # against bookworm's /usr/share/java (jar names of the suite that built it),
  # plus logback as the slf4j binding (upstream 3.8+ ships logback).
  python3 - "$zkjar" "$work/$dist/lib" <<'PY' || die "resolving the dependency jars of ZooKeeper $v failed (see above)"
import os, re, shutil, sys, zipfile
root, dest = sys.argv[1], sys.argv[2]
JAVA = "/usr/share/java"
# Debian jar names whose upstream counterpart has another name here.
ALIAS = {"jline.jar": "jline2.jar"}
def classpath(jar):
    try:
        with zipfile.ZipFile(jar) as z:
            text = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return []
    text = re.sub(r"\r?\n ", "", text)
    for line in text.splitlines():
        if line.startswith("Class-Path:"):
            return line.split(":", 1)[1].split()
    return []
# Runtime jars upstream ships in lib/ that Debian's manifests do not chain:
# the slf4j binding (logback, as upstream 3.8+), the servlet API and
# jetty-util-ajax for the AdminServer, the rest of netty, jline 2 for zkCli.
EXTRA = ["logback-classic.jar", "logback-core.jar", "servlet-api.jar", "jetty9-util-ajax.jar",
         "netty-codec.jar", "netty-resolver.jar", "netty-transport-native-unix-common.jar"]
def versioned(path):
    """Debian's versioned alias (name-1.2.3.jar) of a jar, else its own name."""
    real, base = os.path.realpath(path), os.path.basename(path)[:-4]
    for cand in sorted(os.listdir(JAVA)):
        if (cand.startswith(base + "-") and cand[len(base) + 1:len(base) + 2].isdigit()
                and os.path.realpath(os.path.join(JAVA, cand)) == real):
            return cand
    return os.path.basename(real)
seen, missing = set(), []
todo = classpath(root) + [os.path.join(JAVA, e) for e in EXTRA]
while todo:
    entry = todo.pop(0)
    name = os.path.basename(entry)
    name = ALIAS.get(name, name)
    if name in seen or name.startswith("zookeeper"):
        continue
    seen.add(name)
    path = os.path.join(JAVA, name)
    if not os.path.exists(path):
        missing.append(name)
        continue
    shutil.copyfile(os.path.realpath(path), os.path.join(dest, versioned(path)))
    todo += [e if e.startswith("/") else os.path.join(JAVA, e) for e in classpath(path)]
if missing:
    # findbugs-annotations is compile-time only; anything else is fatal.
    fatal = [m for m in missing if not m.startswith("findbugs")]
    print("bench: jars not on this controller: %s" % ", ".join(sorted(missing)), file=sys.stderr)
    if fatal:
        sys.exit(1)
PY
  # Reproducible archive: fixed mtime, owner, order; gzip without name/time.
  local out; out=$(tarball_of "$v")
  mkdir -p "$(dirname "$out")"
  tar -C "$work" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -cf - "$dist" | gzip -n -9 >"$out.tmp"
  mv "$out.tmp" "$out"
  (cd "$(dirname "$out")" && sha512sum "$(basename "$out")" >"$(basename "$out").sha512")
  rm -rf "$work"
}

# Four-letter word over TCP without nc.
zk_4lw() {  # zk_4lw HOST PORT WORD
  python3 - "$@" <<'PY'
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
    s.sendall(sys.argv[3].encode()); s.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        b = s.recv(4096)
        if not b: break
        out += b
    sys.stdout.write(out.decode("utf-8", "replace"))
except OSError:
    sys.exit(1)
PY
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Unpack the tarball into a controller ZooKeeper home and prove it runs:
# bin/zkServer.sh start-foreground answers `srvr` with the right version.
zk_unpack_and_prove() {
  local v=$1 t; t=$(tarball_of "$v")
  local homes="$bench/zk-home" home="$bench/zk-home/apache-zookeeper-$v-bin"
  local stamp; stamp="$home/.proved-$(cut -c1-16 "$t.sha512")"
  if [ ! -f "$stamp" ]; then
    rm -rf "$home"; mkdir -p "$homes"
    tar -C "$homes" -xzf "$t"
    local run="$bench/prove-$v" port admin
    rm -rf "$run"; mkdir -p "$run/conf" "$run/data" "$run/logs"
    port=$(free_port); admin=$(free_port)
    cp "$home/conf/logback.xml" "$run/conf/"
    printf 'tickTime=2000\ndataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.serverPort=%s\nadmin.serverAddress=127.0.0.1\n' \
      "$run/data" "$port" "$admin" >"$run/conf/zoo.cfg"
    log "zk-artifacts $v: proving bin/zkServer.sh start-foreground on 127.0.0.1:$port"
    ZOOCFGDIR="$run/conf" ZOO_LOG_DIR="$run/logs" setsid "$home/bin/zkServer.sh" start-foreground \
      >"$run/server.out" 2>&1 </dev/null &
    local pid=$! i answer=""
    for i in $(seq 1 60); do
      answer=$(zk_4lw 127.0.0.1 "$port" srvr 2>/dev/null || true)
      [ -n "$answer" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if ! grep -q "^Zookeeper version: $v-" <<<"$answer"; then
      kill -- -"$pid" 2>/dev/null || true
      tail -n 30 "$run/server.out" >&2
      die "ZooKeeper $v from $t did not answer srvr with version $v (answer: ${answer:-none})"
    fi
    local adm
    adm=$(curl -fsS --max-time 5 "http://127.0.0.1:$admin/commands/srvr" 2>/dev/null || true)
    if ! grep -q '"version" *: *"'"$v"'-' <<<"$adm"; then
      kill -- -"$pid" 2>/dev/null || true
      tail -n 30 "$run/server.out" >&2
      die "ZooKeeper $v from $t: AdminServer on 127.0.0.1:$admin did not answer /commands/srvr (answer: ${adm:-none})"
    fi
    kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if grep -E 'SLF4J: (Class path contains multiple|Failed to load|No SLF4J providers)' "$run/server.out" >&2; then
      die "ZooKeeper $v from $t: slf4j binding problem (see above)"
    fi
    log "zk-artifacts $v: $(head -n1 <<<"$answer"); AdminServer answers"
    printf '%s\n' "$answer" >"$bench/artifacts/apache-zookeeper-$v-bin.srvr.txt"
    rm -rf "$run"
    touch "$stamp"
  fi
  record "ZKOPS_ZK_HOME_${v//./_}" "$home"
  record "ZKOPS_ZK_TARBALL_${v//./_}" "$t"
}

step_zk_artifacts() {
  step_zk_local
  command -v java >/dev/null 2>&1 || die "java is not on PATH (Debian's zookeeper package should have brought it)"
  local v
  for v in "${ZK_VERSIONS[@]}"; do
    local recipe; recipe=$(tarball_recipe "$v")
    if tarball_ok "$v" && [ "$(cat "$(tarball_of "$v").recipe" 2>/dev/null)" = "$recipe" ]; then
      log "zk-artifacts $v: cached $(tarball_of "$v")"
    else
      zk_build_tarball "$v"
      tarball_ok "$v" || die "tarball for $v does not verify against its .sha512"
      echo "$recipe" >"$(tarball_of "$v").recipe"
    fi
    zk_unpack_and_prove "$v"
  done
  record ZKOPS_ZK_VERSIONS "${ZK_VERSIONS[*]}"
}

# -------------------------------------------------------------------- mirror
step_mirror() {
  local v m="$bench/mirror"
  for v in "${ZK_VERSIONS[@]}"; do
    tarball_ok "$v" || die "no verified tarball for $v; run 'scripts/bench.sh zk-artifacts' first"
    mkdir -p "$m/zookeeper/zookeeper-$v"
    local t; t=$(tarball_of "$v")
    ln -f "$t" "$m/zookeeper/zookeeper-$v/" 2>/dev/null || cp -f "$t" "$m/zookeeper/zookeeper-$v/"
    ln -f "$t.sha512" "$m/zookeeper/zookeeper-$v/" 2>/dev/null || cp -f "$t.sha512" "$m/zookeeper/zookeeper-$v/"
  done
  local url="http://127.0.0.1:$MIRROR_PORT" v0=${ZK_VERSIONS[0]}
  local probe="zookeeper/zookeeper-$v0/apache-zookeeper-$v0-bin.tar.gz.sha512"
  local pidf="$bench/mirror.pid"
  # Reuse a server only if it serves THIS mirror (same .sha512 content).
  mirror_serves() { [ "$(curl -fsS --max-time 3 "$url/$probe" 2>/dev/null)" = "$(cat "$m/$probe")" ]; }
  if mirror_serves; then
    log "mirror: $url answers (serving $m)"
  else
    if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
      kill "$(cat "$pidf")" 2>/dev/null || true   # our own, stale server
      sleep 0.5
    fi
    # setsid: the server outlives this script; the pid file is written by the
    # shell that then execs python, so it is the server's pid.
    # shellcheck disable=SC2016  # $$, $1.. belong to the inner shell
    setsid sh -c 'echo $$ >"$1"; exec python3 -m http.server --bind 127.0.0.1 --directory "$2" "$3"' \
      sh "$pidf" "$m" "$MIRROR_PORT" >"$bench/mirror.log" 2>&1 </dev/null &
    local i
    for i in $(seq 1 20); do mirror_serves && break; sleep 0.5; done
    mirror_serves ||
      { tail -n 10 "$bench/mirror.log" >&2; die "mirror HTTP server on 127.0.0.1:$MIRROR_PORT does not serve $m (port taken by another process? set ZKOPS_MIRROR_PORT)"; }
    log "mirror: started $url (pid $(cat "$pidf"), serving $m)"
  fi
  record ZKOPS_MIRROR_DIR "$m"
  record ZKOPS_MIRROR_URL "$url"
}

# ----------------------------------------------------------------- zk-images
# `srvr` answered inside a container (bash /dev/tcp; no nc in the image); empty on failure.
container_srvr() {
  "$DOCKER" exec "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && cat <&3' 2>/dev/null || true
}

zk_image_smoke() {  # 3 containers, ZOO_MY_ID/ZOO_SERVERS, one leader + two followers
  local tag=$1 v=$2 net="zkops-bench-smoke" i
  local servers="server.1=zk1:2888:3888;2181 server.2=zk2:2888:3888;2181 server.3=zk3:2888:3888;2181"
  cleanup_smoke() { "$DOCKER" rm -f -v zkops-bench-zk1 zkops-bench-zk2 zkops-bench-zk3 >/dev/null 2>&1 || true
                    "$DOCKER" network rm "$net" >/dev/null 2>&1 || true; }
  cleanup_smoke
  "$DOCKER" network create "$net" >/dev/null
  for i in 1 2 3; do
    "$DOCKER" run -d --name "zkops-bench-zk$i" --hostname "zk$i" --network "$net" --network-alias "zk$i" \
      -e ZOO_MY_ID=$i -e "ZOO_SERVERS=$servers" "$tag" >/dev/null
  done
  local modes="" try
  for try in $(seq 1 60); do
    modes=""
    for i in 1 2 3; do
      modes+="$(container_srvr "zkops-bench-zk$i" | awk -F': ' '/^Mode:/ {print $2}') "
    done
    [ "$(tr ' ' '\n' <<<"$modes" | grep -c '^leader$')" = 1 ] &&
      [ "$(tr ' ' '\n' <<<"$modes" | grep -c '^follower$')" = 2 ] && break
    sleep 1
  done
  local version; version=$(container_srvr zkops-bench-zk1 | sed -n 's/^Zookeeper version: \([^-,]*\).*/\1/p')
  if [ "$(tr ' ' '\n' <<<"$modes" | grep -c '^leader$')" != 1 ] || [ "$(tr ' ' '\n' <<<"$modes" | grep -c '^follower$')" != 2 ] || [ "$version" != "$v" ]; then
    "$DOCKER" logs --tail 30 zkops-bench-zk1 >&2 || true
    cleanup_smoke
    die "smoke test of $tag: no quorum of 1 leader + 2 followers with version $v (modes: $modes; version: ${version:-none})"
  fi
  log "zk-images $v: quorum formed in ~${try}s (modes: $modes)"
  cleanup_smoke
}

step_zk_images() {
  need_engine
  step_host_image  # cached: only resolves the current host-java tag
  local v
  for v in "${ZK_VERSIONS[@]}"; do
    tarball_ok "$v" || die "no verified tarball for $v; run 'scripts/bench.sh zk-artifacts' first"
    local t; t=$(tarball_of "$v")
    local h; h=$( { echo "$ZKOPS_HOST_JAVA_IMAGE"; cat "$here/zookeeper.Dockerfile" "$here/docker-entrypoint.sh" "$t.sha512"; } | hash_of)
    local tag="zkops/zookeeper:$v-$h"
    if ! image_exists "$tag"; then
      local ctx="$bench/zk-image-ctx/$v"
      rm -rf "$ctx"; mkdir -p "$ctx"
      cp "$here/docker-entrypoint.sh" "$ctx/"
      ln "$t" "$ctx/" 2>/dev/null || cp "$t" "$ctx/"
      docker_build "$tag" "$here/zookeeper.Dockerfile" "$ctx" --build-arg "BASE=$ZKOPS_HOST_JAVA_IMAGE" \
        --build-arg "ZK_VERSION=$v" --label "org.zkops.recipe=$h" --label "org.zkops.zookeeper.version=$v"
      rm -rf "$ctx"
    fi
    "$DOCKER" tag "$tag" "zkops/zookeeper:$v"
    if [ ! -f "$bench/zk-image-smoke-$h.ok" ]; then
      zk_image_smoke "$tag" "$v"
      touch "$bench/zk-image-smoke-$h.ok"
    fi
    record "ZKOPS_ZK_IMAGE_${v//./_}" "zkops/zookeeper:$v"
    log "zk-images $v: $tag (also zkops/zookeeper:$v)"
  done
  record ZKOPS_ZK_IMAGE_REPO zkops/zookeeper
}

# ---------------------------------------------------------------------- main
run_step() {
  local s=$1 t0=$SECONDS
  case "$s" in
    tools) step_tools ;;
    venv) step_venv ;;
    zk-local) step_zk_local ;;
    engine) step_engine ;;
    host-image) step_host_image ;;
    zk-artifacts) step_zk_artifacts ;;
    mirror) step_mirror ;;
    zk-images) step_zk_images ;;
    *) die "unknown step '$s' (steps: tools venv zk-local engine host-image zk-artifacts mirror zk-images all)" ;;
  esac
  log "step $s done in $((SECONDS - t0))s"
}

[ $# -gt 0 ] || die "usage: scripts/bench.sh STEP... (venv zk-local engine host-image zk-artifacts mirror zk-images all)"
mkdir -p "$bench"
[ -f "$envfile" ] && . "$envfile"
record ZKOPS_CACHE_DIR "$cache"
start=$SECONDS
for arg in "$@"; do
  if [ "$arg" = all ]; then
    for s in tools venv zk-local engine host-image zk-artifacts mirror zk-images; do run_step "$s"; done
  else
    run_step "$arg"
  fi
done
log "done in $((SECONDS - start))s; results in $envfile"
