#!/usr/bin/env bash
# A throwaway real kube-apiserver v1.20.2 + etcd on 127.0.0.1, for end-to-end tests that need a real API server to
# send its audit events (webhook backend) to AuditSeal. No Docker, no kubelet, no controller-manager: only the API.
# See docs/DEVELOPMENT.md.
#
#   scripts/kube-apiserver.sh build    make sure etcd, kube-apiserver and kubectl exist; print their paths.
#                                      Installs etcd-server (and the build tools) with apt if needed (root only) and
#                                      builds kube-apiserver + kubectl from Debian's kubernetes source once per machine
#                                      (11-14 min on 2 cores) into $KUBE_APISERVER_CACHE. "ensure" is the same.
#   scripts/kube-apiserver.sh start [-- APISERVER-FLAGS...]
#                                      build if needed, start etcd and kube-apiserver, wait for /readyz, write
#                                      $KUBE_APISERVER_DIR/env and an admin kubeconfig. Extra apiserver flags come from
#                                      $KUBE_APISERVER_EXTRA_ARGS (split on whitespace) followed by those after "--".
#                                      Already running with the same flags: does nothing. With other flags: restarts
#                                      only the apiserver (etcd and its data stay).
#   scripts/kube-apiserver.sh stop     stop both (by their pid files) and remove $KUBE_APISERVER_DIR; safe when stopped
#   scripts/kube-apiserver.sh status   exit 0 if our apiserver is running and /readyz answers ok
#   scripts/kube-apiserver.sh env      print "export NAME=value" lines: KUBECONFIG, KUBE_APISERVER_URL, ...
#   scripts/kube-apiserver.sh stop-apiserver
#   scripts/kube-apiserver.sh start-apiserver [-- APISERVER-FLAGS...]
#                                      stop or (re)start only the apiserver: etcd and the cluster's data stay. Without
#                                      flags, start-apiserver uses the extra flags of the last start.
#
# Environment:
#   KUBE_APISERVER_DIR      state dir: certs, tokens, kubeconfig, etcd data, pid files, logs
#                           (default ${TMPDIR:-/tmp}/auditseal-kube-apiserver)
#   KUBE_APISERVER_LOG_DIR  where etcd.log and kube-apiserver.log go (default $KUBE_APISERVER_DIR/log; a dir outside
#                           the state dir survives "stop")
#   KUBE_APISERVER_PORT     apiserver HTTPS port (16443); ETCD_CLIENT_PORT (12379), ETCD_PEER_PORT (12380)
#   KUBE_APISERVER_EXTRA_ARGS  extra apiserver flags (audit policy, audit webhook, ...), split on whitespace
#   KUBE_APISERVER_TIMEOUT  seconds to wait for etcd and for /readyz (60)
#   KUBE_ADMIN_TOKEN        bearer token of the admin user (group system:masters) (auditseal-e2e-admin-token)
#   KUBE_USER_TOKEN         bearer token of "auditseal-e2e-user", authenticated but granted nothing
#                           (auditseal-e2e-user-token)
#   KUBE_APISERVER, ETCD, KUBECTL  existing binaries to use: no build or install for them
#   KUBE_APISERVER_CACHE    cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/auditseal); the build goes to
#                           $KUBE_APISERVER_CACHE/kube-apiserver-v1.20.2/{kube-apiserver,kubectl,BUILD-INFO}
#   DEBIAN_MIRROR           where the kubernetes source package comes from (http://deb.debian.org/debian)
set -euo pipefail

KUBE_VERSION="v1.20.2"
# Debian bookworm's kubernetes source package is upstream v1.20.2 (with vendor/) plus Debian's security patches.
DEB_SRC_PACKAGE="kubernetes"
DEB_SRC_VERSION_RE='^1\.20\.5\+really1\.20\.2-'
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
GO_BIN_DIR="/usr/lib/go-1.19/bin"
REFLECT2_SRC="/usr/share/gocode/src/github.com/modern-go/reflect2"

DIR="${KUBE_APISERVER_DIR:-${TMPDIR:-/tmp}/auditseal-kube-apiserver}"
LOG_DIR="${KUBE_APISERVER_LOG_DIR:-${DIR}/log}"
PORT="${KUBE_APISERVER_PORT:-16443}"
ETCD_PORT="${ETCD_CLIENT_PORT:-12379}"
ETCD_PEER="${ETCD_PEER_PORT:-12380}"
TIMEOUT="${KUBE_APISERVER_TIMEOUT:-60}"
ADMIN_TOKEN="${KUBE_ADMIN_TOKEN:-auditseal-e2e-admin-token}"
USER_TOKEN="${KUBE_USER_TOKEN:-auditseal-e2e-user-token}"
CACHE_ROOT="${KUBE_APISERVER_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/auditseal}"
CACHE="${CACHE_ROOT}/kube-apiserver-${KUBE_VERSION}"
[[ "$DIR" == /* && "$DIR" != "/" ]] || { echo "kube-apiserver.sh: KUBE_APISERVER_DIR must be an absolute path other than /" >&2; exit 2; }
[[ "$LOG_DIR" == /* ]] || { echo "kube-apiserver.sh: KUBE_APISERVER_LOG_DIR must be an absolute path" >&2; exit 2; }
[[ "$CACHE_ROOT" == /* ]] || { echo "kube-apiserver.sh: KUBE_APISERVER_CACHE must be an absolute path" >&2; exit 2; }

HOST="127.0.0.1"
URL="https://${HOST}:${PORT}"
ETCD_URL="http://${HOST}:${ETCD_PORT}"
PKI="${DIR}/pki"
KUBECONFIG_FILE="${DIR}/admin.kubeconfig"
EXTRA_ARGS_FILE="${DIR}/apiserver.extra-args"
MARKER=".auditseal-kube-apiserver"
SA_ISSUER="https://kubernetes.default.svc.cluster.local"

log() { echo "kube-apiserver.sh: $*" >&2; }
now_ms() { local t="${EPOCHREALTIME//[!0-9]/}"; echo $((10#$t / 1000)); }
# Seconds since START_MS, one decimal.
since() { local ms=$(($(now_ms) - START_MS)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }
START_MS="$(now_ms)"
die() { log "$*"; exit 1; }

# Binaries, resolved by ensure_etcd / ensure_kube.
ETCD_BIN="${ETCD:-}"
APISERVER_BIN="${KUBE_APISERVER:-}"
KUBECTL_BIN="${KUBECTL:-}"

pid_file() { echo "${DIR}/run/$1.pid"; }

# The name the kernel shows for a program (/proc/PID/comm keeps 15 characters).
comm_of() { local b; b="$(basename "$1")"; echo "${b:0:15}"; }

# The pid in a pid file, if that process is alive and is still the expected program (pids get reused).
live_pid() {
  local file comm pid
  file="$(pid_file "$1")"
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" && -r "/proc/${pid}/comm" ]] || return 1
  comm="$(cat "/proc/${pid}/comm" 2>/dev/null || true)"
  [[ -n "$comm" && "$comm" == "$(cat "${DIR}/run/$1.comm" 2>/dev/null || echo "$1")" ]] || return 1
  echo "$pid"
}

port_in_use() {
  (exec 3<>"/dev/tcp/${HOST}/$1") 2>/dev/null
}

etcd_healthy() {
  curl -s -m 2 "${ETCD_URL}/health" 2>/dev/null | grep -q '"health":"true"'
}

apiserver_ready() {
  [[ -f "${PKI}/ca.crt" ]] || return 1
  [[ "$(curl -s -m 2 --cacert "${PKI}/ca.crt" -H "Authorization: Bearer ${ADMIN_TOKEN}" "${URL}/readyz" 2>/dev/null)" == "ok" ]]
}

ours_running() {
  live_pid kube-apiserver >/dev/null && apiserver_ready
}

# Removes the state directory, but only one this script made (it holds our marker) or an empty one.
remove_dir() {
  [[ -e "$DIR" ]] || return 0
  if [[ -f "${DIR}/${MARKER}" || -z "$(ls -A "$DIR")" ]]; then
    rm -rf "$DIR"
  else
    die "${DIR} exists and was not made by this script; not removing it (set KUBE_APISERVER_DIR)"
  fi
}

# apt_install VAR PACKAGE...: VAR is the variable that points at an existing binary instead.
apt_install() {
  local var="$1"
  shift
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install $* by hand, or set ${var} to an existing binary"
  log "installing $* with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- binaries ------------------------------------------------------------------------------------------------

ensure_etcd() {
  if [[ -n "$ETCD_BIN" ]]; then
    [[ -x "$ETCD_BIN" ]] || die "ETCD=${ETCD_BIN} is not an executable file"
    return 0
  fi
  if ! command -v etcd >/dev/null 2>&1; then
    [[ "$(id -u)" -eq 0 ]] || die "etcd is missing; install it as root: apt-get install -y etcd-server (or set ETCD)"
    # Debian's package enables an etcd service on the default ports; containers without an init system (and
    # policy-rc.d) do not start it, and ours uses other ports anyway.
    apt_install ETCD etcd-server
  fi
  ETCD_BIN="$(command -v etcd)" || die "etcd-server installed but no etcd on PATH"
}

install_build_tools() {
  local missing=() tool
  [[ -x "${GO_BIN_DIR}/go" ]] || missing+=(golang-1.19-go)
  [[ -f "${REFLECT2_SRC}/go_above_118.go" ]] || missing+=(golang-github-modern-go-reflect2-dev)
  for tool in rsync:rsync dpkg-source:dpkg-dev make:make curl:curl openssl:openssl flock:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "building kube-apiserver needs ${missing[*]}; install them as root: apt-get install -y --no-install-recommends ${missing[*]} (or set KUBE_APISERVER to an existing binary)"
  fi
  apt_install KUBE_APISERVER "${missing[@]}"
}

# Builds kube-apiserver and kubectl v1.20.2 from Debian bookworm's kubernetes source package, once per machine.
build_kube() {
  [[ -x "${CACHE}/kube-apiserver" && -x "${CACHE}/kubectl" ]] && return 0
  install_build_tools
  mkdir -p "$CACHE_ROOT"
  # Two starts at once (two Maven runs) must not build twice, nor see a half-written cache.
  exec 9>"${CACHE}.lock"
  if ! flock -n 9; then
    log "another process is building kube-apiserver ${KUBE_VERSION}; waiting for it"
    flock 9
  fi
  if [[ -x "${CACHE}/kube-apiserver" && -x "${CACHE}/kubectl" ]]; then
    exec 9>&-
    return 0
  fi

  local work="${CACHE}.build" t0=$SECONDS
  rm -rf "$work" "${CACHE}.tmp"
  mkdir -p "$work"/apt/{lists/partial,archives/partial,parts} "$work/dl"
  log "building kube-apiserver + kubectl ${KUBE_VERSION} from Debian's ${DEB_SRC_PACKAGE} source package, once per" \
    "machine: 10-15 minutes on 2 cores; log in ${work}/build.log; result in ${CACHE}"

  # Source package through a private apt configuration: no deb-src line added to the system's sources.
  local signed=""
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] && signed="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
  echo "deb-src ${signed}${DEBIAN_MIRROR} bookworm main" >"$work/apt/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=${work}/apt/sources.list" -o "Dir::Etc::SourceParts=${work}/apt/parts"
    -o "Dir::State::Lists=${work}/apt/lists" -o "Dir::Cache::Archives=${work}/apt/archives"
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
  # As root apt downloads as _apt, which cannot write into a private dir under $HOME.
  [[ "$(id -u)" -eq 0 ]] && apt_opts+=(-o "APT::Sandbox::User=root")
  apt-get "${apt_opts[@]}" update >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" >&2; die "apt-get update (deb-src ${DEBIAN_MIRROR} bookworm) failed"; }
  (cd "$work/dl" && apt-get "${apt_opts[@]}" source --download-only "$DEB_SRC_PACKAGE") >>"$work/apt.log" 2>&1 ||
    { tail -n 20 "$work/apt.log" >&2; die "apt-get source ${DEB_SRC_PACKAGE} failed"; }
  local dsc version
  local dscs=("$work"/dl/"${DEB_SRC_PACKAGE}"_*.dsc)
  dsc="${dscs[0]}"
  [[ -f "$dsc" ]] || die "apt-get source fetched no .dsc (see ${work}/apt.log)"
  version="$(sed -n 's/^Version: //p' "$dsc")"
  [[ "$version" =~ $DEB_SRC_VERSION_RE ]] || die "Debian's ${DEB_SRC_PACKAGE} source is ${version}, not upstream ${KUBE_VERSION}; update this script"
  # Unpacks and applies Debian's patches (security fixes).
  dpkg-source -x "$dsc" "$work/src" >>"$work/apt.log" 2>&1 || die "dpkg-source -x ${dsc} failed (see ${work}/apt.log)"
  rm -rf "$work/dl"
  grep -q "'tag: ${KUBE_VERSION}'" "$work/src/hack/lib/version.sh" || die "the source is not ${KUBE_VERSION} (hack/lib/version.sh)"

  # The vendored github.com/modern-go/reflect2 v1.0.1 reads Go's map internals in a way that breaks from Go 1.18
  # on: the apiserver dies with "fatal error: fault" in reflect2.(*UnsafeMapType).UnsafeIterate as soon as a custom
  # resource is created. v1.0.2 (Debian's golang-github-modern-go-reflect2-dev) fixes it.
  local r2="$work/src/vendor/github.com/modern-go/reflect2"
  rm -rf "$r2"
  cp -rL "$REFLECT2_SRC" "$r2"
  # The 1.20 build runs in GOPATH mode and ignores these two; keep them telling the truth anyway.
  sed -i 's|github.com/modern-go/reflect2 v1\.0\.1|github.com/modern-go/reflect2 v1.0.2|g' \
    "$work/src/vendor/modules.txt" "$work/src/go.mod"

  # hack/lib/init.sh forces GO111MODULE=off: packages come from vendor/, nothing from the network. GOENV=off: the
  # user's "go env -w" settings stay out. nice: this machine may be building something else too.
  local goversion
  goversion="$("${GO_BIN_DIR}/go" version)"
  if ! (cd "$work/src" && env -u GOFLAGS PATH="${GO_BIN_DIR}:${PATH}" GOPROXY=off GOENV=off CGO_ENABLED=0 \
    HOME="$work/home" nice -n 10 make WHAT="cmd/kube-apiserver cmd/kubectl") >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "building kube-apiserver failed after $((SECONDS - t0))s; build tree and log kept in ${work}"
  fi

  mkdir -p "${CACHE}.tmp"
  cp -L "$work/src/_output/bin/kube-apiserver" "$work/src/_output/bin/kubectl" "${CACHE}.tmp/"
  cat >"${CACHE}.tmp/BUILD-INFO" <<EOF
kubernetes ${KUBE_VERSION} from Debian source package ${DEB_SRC_PACKAGE} ${version}
vendored github.com/modern-go/reflect2 replaced by v1.0.2 (golang-github-modern-go-reflect2-dev $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev 2>/dev/null || echo '?'))
built with ${goversion}, CGO_ENABLED=0, on $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - t0))s
EOF
  rm -rf "$CACHE"
  mv "${CACHE}.tmp" "$CACHE"
  rm -rf "$work"
  exec 9>&-
  log "built kube-apiserver and kubectl in $((SECONDS - t0))s into ${CACHE}"
}

ensure_kube() {
  if [[ -n "$APISERVER_BIN" ]]; then
    [[ -x "$APISERVER_BIN" ]] || die "KUBE_APISERVER=${APISERVER_BIN} is not an executable file"
  else
    build_kube
    APISERVER_BIN="${CACHE}/kube-apiserver"
  fi
  if [[ -n "$KUBECTL_BIN" ]]; then
    [[ -x "$KUBECTL_BIN" ]] || die "KUBECTL=${KUBECTL_BIN} is not an executable file"
  elif [[ -x "${CACHE}/kubectl" ]]; then
    KUBECTL_BIN="${CACHE}/kubectl"
  elif KUBECTL_BIN="$(command -v kubectl)"; then
    log "using ${KUBECTL_BIN} (no kubectl ${KUBE_VERSION} in ${CACHE}: mind the version skew)"
  else
    log "no kubectl: set KUBECTL, or unset KUBE_APISERVER so that the build makes one"
    KUBECTL_BIN=""
  fi
}

ensure_tools() {
  local tool
  for tool in curl openssl setsid; do
    command -v "$tool" >/dev/null 2>&1 || die "${tool} is missing (apt-get install -y curl openssl util-linux)"
  done
}

# --- state: certificates, tokens, kubeconfig ------------------------------------------------------------------

make_pki() {
  mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -sha256 \
      -subj "/CN=auditseal-e2e-kubernetes-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    cat >apiserver.ext <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:${HOST},IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 30 \
      -sha256 -extfile apiserver.ext
    # Service account tokens: signed with sa.key, checked with sa.pub.
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
    chmod 600 ./*.key
  ) >>"${LOG_DIR}/pki.log" 2>&1 || fail_start "making certificates with openssl (see ${LOG_DIR}/pki.log)"
}

write_tokens() {
  # token,user,uid,"groups"
  cat >"${DIR}/tokens.csv" <<EOF
${ADMIN_TOKEN},auditseal-e2e-admin,auditseal-e2e-admin,"system:masters"
${USER_TOKEN},auditseal-e2e-user,auditseal-e2e-user
EOF
  chmod 600 "${DIR}/tokens.csv"
}

write_kubeconfig() {
  local ca
  ca="$(base64 -w0 <"${PKI}/ca.crt")"
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: auditseal-e2e
  cluster:
    server: ${URL}
    certificate-authority-data: ${ca}
users:
- name: auditseal-e2e-admin
  user:
    token: ${ADMIN_TOKEN}
contexts:
- name: auditseal-e2e
  context:
    cluster: auditseal-e2e
    user: auditseal-e2e-admin
current-context: auditseal-e2e
EOF
  chmod 600 "$KUBECONFIG_FILE"
}

write_env() {
  cat >"${DIR}/env" <<EOF
KUBECONFIG=${KUBECONFIG_FILE}
KUBE_APISERVER_URL=${URL}
KUBE_APISERVER_CA=${PKI}/ca.crt
KUBE_ADMIN_TOKEN=${ADMIN_TOKEN}
KUBE_USER_TOKEN=${USER_TOKEN}
KUBECTL=${KUBECTL_BIN}
ETCD_ENDPOINT=${ETCD_URL}
KUBE_APISERVER_DIR=${DIR}
KUBE_APISERVER_LOG=${LOG_DIR}/kube-apiserver.log
EOF
}

# --- daemons --------------------------------------------------------------------------------------------------

# Starts a program in its own session (a Ctrl-C or Maven's process group does not reach it), all output to its
# log, and records its pid and process name.
spawn() {
  local name="$1"
  shift
  # Without job control a background child is no process group leader, so setsid needs no fork: $! is the daemon.
  echo "=== kube-apiserver.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $*" >>"${LOG_DIR}/${name}.log"
  setsid "$@" </dev/null >>"${LOG_DIR}/${name}.log" 2>&1 &
  echo "$!" >"$(pid_file "$name")"
  comm_of "$1" >"${DIR}/run/${name}.comm"
}

wait_for() {
  local what="$1" name="$2" deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@"; do
    live_pid "$name" >/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
  log "${what} ready after $(since)"
}

start_etcd() {
  spawn etcd "$ETCD_BIN" --name auditseal-e2e --data-dir "${DIR}/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://${HOST}:${ETCD_PEER}" --initial-advertise-peer-urls "http://${HOST}:${ETCD_PEER}" \
    --initial-cluster "auditseal-e2e=http://${HOST}:${ETCD_PEER}" --initial-cluster-state new \
    --logger zap --log-outputs stderr
  wait_for "etcd at ${ETCD_URL}" etcd etcd_healthy || fail_start "etcd did not become healthy within ${TIMEOUT}s"
}

# The extra flags of this start: from the saved file (start-apiserver without flags) or given.
EXTRA=()

run_apiserver() {
  spawn kube-apiserver "$APISERVER_BIN" \
    --etcd-servers="$ETCD_URL" \
    --bind-address="$HOST" --advertise-address="$HOST" \
    --secure-port="$PORT" --insecure-port=0 \
    --cert-dir="$PKI" --tls-cert-file="${PKI}/apiserver.crt" --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" \
    --token-auth-file="${DIR}/tokens.csv" \
    --authorization-mode=RBAC \
    --service-account-issuer="$SA_ISSUER" \
    --service-account-key-file="${PKI}/sa.pub" --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range=10.96.0.0/12 \
    --endpoint-reconciler-type=none \
    "${EXTRA[@]}"
  if ! wait_for "kube-apiserver at ${URL}" kube-apiserver apiserver_ready; then
    live_pid kube-apiserver >/dev/null || fail_start "kube-apiserver exited"
    fail_start "kube-apiserver /readyz not ok within ${TIMEOUT}s"
  fi
}

save_extra_args() {
  if ((${#EXTRA[@]})); then printf '%s\0' "${EXTRA[@]}"; fi >"$EXTRA_ARGS_FILE"
}

load_extra_args() {
  EXTRA=()
  [[ -f "$EXTRA_ARGS_FILE" ]] || return 0
  local arg
  while IFS= read -r -d '' arg; do EXTRA+=("$arg"); done <"$EXTRA_ARGS_FILE"
}

# EXTRA from $KUBE_APISERVER_EXTRA_ARGS and the arguments after "--".
parse_extra_args() {
  local env_args=()
  # shellcheck disable=SC2206 # split on whitespace, by design
  [[ -n "${KUBE_APISERVER_EXTRA_ARGS:-}" ]] && env_args=(${KUBE_APISERVER_EXTRA_ARGS})
  if (($# > 0)); then
    [[ "$1" == "--" ]] || die "unexpected argument '$1': apiserver flags go after --"
    shift
  fi
  EXTRA=("${env_args[@]}" "$@")
}

fail_start() {
  log "start failed: $*"
  local f n first
  for f in "${LOG_DIR}/etcd.log:10" "${LOG_DIR}/kube-apiserver.log:30"; do
    n="${f##*:}"
    f="${f%:*}"
    [[ -s "$f" ]] || continue
    # Only this start's lines: the logs are appended to across apiserver restarts.
    first="$(grep -n '^=== kube-apiserver.sh:' "$f" | tail -n 1 | cut -d: -f1)"
    log "--- last lines of $f"
    tail -n +"${first:-1}" "$f" | tail -n "$n" >&2 || true
  done
  stop_daemons kube-apiserver etcd
  log "state left in ${DIR} for inspection; the next start or stop removes it"
  exit 1
}

# Stops the named daemons by their pid files: TERM, then KILL after 20 s. Never by process name.
stop_daemons() {
  local name pid
  for name in "$@"; do
    pid="$(live_pid "$name")" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do
      [[ -d "/proc/${pid}" ]] || break
      sleep 0.25
    done
    if [[ -d "/proc/${pid}" ]]; then
      log "${name} (pid ${pid}) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      while [[ -d "/proc/${pid}" ]]; do sleep 0.2; done
    fi
    rm -f "$(pid_file "$name")"
  done
}

same_extra_args() {
  local saved=("${EXTRA[@]}")
  load_extra_args
  local a b
  a="$(if ((${#saved[@]})); then printf '%s\0' "${saved[@]}" | od -An -c; fi)"
  b="$(if ((${#EXTRA[@]})); then printf '%s\0' "${EXTRA[@]}" | od -An -c; fi)"
  EXTRA=("${saved[@]}")
  [[ "$a" == "$b" ]]
}

start() {
  parse_extra_args "$@"
  ensure_tools
  if ours_running && live_pid etcd >/dev/null; then
    ensure_kube
    if same_extra_args; then
      log "already running at ${URL}"
      write_env
      echo "$URL"
      return 0
    fi
    log "running with other apiserver flags: restarting only the apiserver"
    stop_daemons kube-apiserver
    save_extra_args
    run_apiserver
    write_env
    log "apiserver restarted in $(since)"
    echo "$URL"
    return 0
  fi
  ensure_etcd
  ensure_kube
  # Leftovers of an earlier run (crash, reboot, failed start).
  stop_daemons kube-apiserver etcd
  remove_dir
  local p
  for p in "$PORT:KUBE_APISERVER_PORT" "$ETCD_PORT:ETCD_CLIENT_PORT" "$ETCD_PEER:ETCD_PEER_PORT"; do
    if port_in_use "${p%%:*}"; then
      die "port ${p%%:*} on ${HOST} is in use; set ${p#*:} to a free port"
    fi
  done

  mkdir -p "$DIR"/run "$LOG_DIR"
  touch "${DIR}/${MARKER}"
  : >"${LOG_DIR}/etcd.log"
  : >"${LOG_DIR}/kube-apiserver.log"
  make_pki
  write_tokens
  write_kubeconfig
  save_extra_args
  start_etcd
  run_apiserver
  write_env
  log "started in $(since); state in ${DIR}; logs in ${LOG_DIR}"
  echo "$URL"
}

stop_apiserver() {
  stop_daemons kube-apiserver
  log "kube-apiserver stopped; etcd and the data kept"
}

start_apiserver() {
  if (($# > 0)); then
    parse_extra_args "$@"
  else
    load_extra_args
  fi
  if ! live_pid etcd >/dev/null || [[ ! -f "${DIR}/tokens.csv" ]]; then
    die "etcd is not running: use start"
  fi
  if ours_running; then
    same_extra_args && return 0
    stop_daemons kube-apiserver
  fi
  ensure_kube
  stop_daemons kube-apiserver
  save_extra_args
  run_apiserver
  write_env
  log "kube-apiserver started at ${URL} in $(since)"
}

stop() {
  stop_daemons kube-apiserver etcd
  remove_dir
  log "stopped"
}

print_env() {
  [[ -f "${DIR}/env" ]] || die "not started (no ${DIR}/env)"
  local line
  while IFS= read -r line; do
    printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
  done <"${DIR}/env"
}

cmd="${1:-}"
(($# > 0)) && shift
case "$cmd" in
  build | ensure)
    ensure_etcd
    ensure_kube
    echo "ETCD=${ETCD_BIN}"
    echo "KUBE_APISERVER=${APISERVER_BIN}"
    echo "KUBECTL=${KUBECTL_BIN}"
    ;;
  start) start "$@" ;;
  stop) stop ;;
  stop-apiserver) stop_apiserver ;;
  start-apiserver) start_apiserver "$@" ;;
  status)
    if ours_running; then
      echo "running at ${URL}"
    else
      echo "not running"
      exit 1
    fi
    ;;
  env) print_env ;;
  *)
    echo "usage: $0 build|start [-- apiserver-flags...]|stop|status|env|stop-apiserver|start-apiserver [-- flags...]" >&2
    exit 2
    ;;
esac
