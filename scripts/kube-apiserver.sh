#!/usr/bin/env bash
# A throwaway real kube-apiserver v1.20.2 + etcd on 127.0.0.1, for end-to-end tests that need a real API server to
# send its audit events (webhook backend) to AuditSeal. No Docker, no kubelet, no controller-manager: only the API.
# See docs/DEVELOPMENT.md.
#
#   scripts/kube-apiserver.sh build    make sure etcd, kube-apiserver and kubectl exist; print their paths.
#                                      Installs etcd-server (and the build tools) with apt if needed (root only) and
#                                      builds Kubernetes from Debian's source once per machine (scripts/lib/kube-build.sh:
#                                      10-15 min on 2 cores, shared with scripts/local-cluster.sh) into
#                                      $KUBE_APISERVER_CACHE. "ensure" is the same. The build runs before the tests
#                                      (Maven's pre-integration-test phase), never inside one.
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
#                           $KUBE_APISERVER_CACHE/kubernetes-v1.20.2/{kube-apiserver,kubectl,kubelet,...,BUILD-INFO}
#   DEBIAN_MIRROR           where the kubernetes source package comes from (http://deb.debian.org/debian)
set -euo pipefail

DIR="${KUBE_APISERVER_DIR:-${TMPDIR:-/tmp}/auditseal-kube-apiserver}"
LOG_DIR="${KUBE_APISERVER_LOG_DIR:-${DIR}/log}"
PORT="${KUBE_APISERVER_PORT:-16443}"
ETCD_PORT="${ETCD_CLIENT_PORT:-12379}"
ETCD_PEER="${ETCD_PEER_PORT:-12380}"
TIMEOUT="${KUBE_APISERVER_TIMEOUT:-60}"
ADMIN_TOKEN="${KUBE_ADMIN_TOKEN:-auditseal-e2e-admin-token}"
USER_TOKEN="${KUBE_USER_TOKEN:-auditseal-e2e-user-token}"
[[ "$DIR" == /* && "$DIR" != "/" ]] || { echo "kube-apiserver.sh: KUBE_APISERVER_DIR must be an absolute path other than /" >&2; exit 2; }
[[ "$LOG_DIR" == /* ]] || { echo "kube-apiserver.sh: KUBE_APISERVER_LOG_DIR must be an absolute path" >&2; exit 2; }

SCRIPT="kube-apiserver.sh"
LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
. "${LIB}/common.sh"
# shellcheck source=lib/kube-build.sh
. "${LIB}/kube-build.sh"

HOST="127.0.0.1"
URL="https://${HOST}:${PORT}"
ETCD_URL="http://${HOST}:${ETCD_PORT}"
PKI="${DIR}/pki"
KUBECONFIG_FILE="${DIR}/admin.kubeconfig"
EXTRA_ARGS_FILE="${DIR}/apiserver.extra-args"
MARKER=".auditseal-kube-apiserver"
SA_ISSUER="https://kubernetes.default.svc.cluster.local"

# Binaries, resolved by ensure_etcd / ensure_kube.
ETCD_BIN="${ETCD:-}"
APISERVER_BIN="${KUBE_APISERVER:-}"
KUBECTL_BIN="${KUBECTL:-}"

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

# --- binaries ------------------------------------------------------------------------------------------------

ensure_kube() {
  if [[ -n "$APISERVER_BIN" ]]; then
    [[ -x "$APISERVER_BIN" ]] || die "KUBE_APISERVER=${APISERVER_BIN} is not an executable file"
  else
    build_kube
    APISERVER_BIN="${KUBE_CACHE}/kube-apiserver"
  fi
  if [[ -n "$KUBECTL_BIN" ]]; then
    [[ -x "$KUBECTL_BIN" ]] || die "KUBECTL=${KUBECTL_BIN} is not an executable file"
  elif [[ -x "${KUBE_CACHE}/kubectl" ]]; then
    KUBECTL_BIN="${KUBE_CACHE}/kubectl"
  elif KUBECTL_BIN="$(command -v kubectl)"; then
    log "using ${KUBECTL_BIN} (no kubectl ${KUBE_VERSION} in ${KUBE_CACHE}: mind the version skew)"
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
