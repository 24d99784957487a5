#!/usr/bin/env bash
# A throwaway single-node Ceph radosgw on 127.0.0.1: a real S3 server that enforces Object Lock, for the S3 store's
# integration tests (Maven runs "start" before and "stop" after the *IT tests). Data lives in RAM (memstore) and is
# gone after "stop". See docs/DEVELOPMENT.md.
#
#   scripts/radosgw.sh start    install Ceph if needed (root only), start mon + osd + radosgw, write $RADOSGW_DIR/env
#   scripts/radosgw.sh stop     stop the daemons (by their pid files) and remove $RADOSGW_DIR
#   scripts/radosgw.sh status   exit 0 if our radosgw is running and answering
#   scripts/radosgw.sh env      print S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION
#   scripts/radosgw.sh bucket NAME
#                               create bucket NAME with Object Lock enabled (S3 allows it only at creation)
#   scripts/radosgw.sh stop-gateway / start-gateway
#                               stop or restart only the S3 gateway: the data stays (an S3 outage, for tests)
#
# Environment: RADOSGW_DIR (default /tmp/auditseal-radosgw), RADOSGW_PORT (7480), RADOSGW_MON_PORT (3300),
# S3_ACCESS_KEY (auditseal-test), S3_SECRET_KEY (auditseal-test-secret), RADOSGW_TIMEOUT (seconds, 120).
set -euo pipefail

DIR="${RADOSGW_DIR:-/tmp/auditseal-radosgw}"
PORT="${RADOSGW_PORT:-7480}"
MON_PORT="${RADOSGW_MON_PORT:-3300}"
ACCESS_KEY="${S3_ACCESS_KEY:-auditseal-test}"
SECRET_KEY="${S3_SECRET_KEY:-auditseal-test-secret}"
TIMEOUT="${RADOSGW_TIMEOUT:-120}"
[[ "$DIR" == /* && "$DIR" != "/" ]] || { echo "radosgw.sh: RADOSGW_DIR must be an absolute path other than /" >&2; exit 2; }
REGION="us-east-1"
HOST="127.0.0.1"
ENDPOINT="http://${HOST}:${PORT}"
CONF="${DIR}/ceph.conf"
RGW_NAME="client.rgw.auditseal"
MARKER=".auditseal-radosgw"
# Daemons in stop order, each with the process name its pid file must point at.
DAEMONS=("rgw:radosgw" "osd.0:ceph-osd" "mon.a:ceph-mon")

log() { echo "radosgw.sh: $*" >&2; }
die() { log "$*"; exit 1; }

pid_file() { echo "${DIR}/run/$1.pid"; }

# Removes the state directory, but only one this script made (it holds our marker) or an empty one.
remove_dir() {
  [[ -e "$DIR" ]] || return 0
  if [[ -f "${DIR}/${MARKER}" || -z "$(ls -A "$DIR")" ]]; then
    rm -rf "$DIR"
  else
    die "${DIR} exists and was not made by this script; not removing it (set RADOSGW_DIR)"
  fi
}

# The pid in the daemon's pid file, if that process is alive and is still the expected program (pids get reused).
live_pid() {
  local file comm pid
  file="$(pid_file "$1")"
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" && -r "/proc/${pid}/comm" ]] || return 1
  comm="$(cat "/proc/${pid}/comm" 2>/dev/null || true)"
  [[ "$comm" == "$2"* ]] || return 1
  echo "$pid"
}

answering() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "${ENDPOINT}/" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != "000" ]]
}

ours_running() {
  live_pid rgw radosgw >/dev/null && answering
}

ceph_cli() {
  timeout 30 ceph -c "$CONF" --connect-timeout 10 "$@"
}

install_ceph() {
  local missing=()
  for tool in radosgw radosgw-admin ceph-mon ceph-osd ceph monmaptool ceph-authtool curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing ${missing[*]}; install them as root: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd curl"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install Ceph radosgw, ceph-mon and ceph-osd"
  log "installing Ceph (radosgw, ceph-mon, ceph-osd), this takes about a minute"
  apt-get update -qq
  # No recommends: no ceph-mgr, dashboard or tooling this script does not use.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd curl >/dev/null
}

write_conf() {
  local fsid="$1"
  cat >"$CONF" <<EOF
[global]
fsid = ${fsid}
mon host = [v2:${HOST}:${MON_PORT}]
mon initial members = a
# Every daemon binds to loopback only.
public network = ${HOST}/32
ms bind ipv6 = false
# Test server on loopback: no cephx keys to manage.
auth cluster required = none
auth service required = none
auth client required = none
# Without this, clients (radosgw) retry the monitor handshake with error -13 forever when auth is none.
ms mon client mode = crc secure
# One OSD: pools keep a single copy and are still writable.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
# Place replicas across OSDs, not hosts (there is one host).
osd crush chooseleaf type = 0
# radosgw creates about 8 pools: few PGs each, and no manager to autoscale them.
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon warn on pool no redundancy = false
# A nearly full /tmp must not make the monitor shut itself down.
mon data avail crit = 0
keyring = ${DIR}/keyring
run dir = ${DIR}/run
admin socket = ${DIR}/run/\$name.asok
log file = ${DIR}/log/\$name.log
log to stderr = false
err to stderr = false

[mon.a]
mon data = ${DIR}/mon/a
pid file = ${DIR}/run/mon.a.pid

[osd.0]
osd data = ${DIR}/osd/0
pid file = ${DIR}/run/osd.0.pid
# Objects live in RAM, capped: fast, nothing left behind on disk.
osd objectstore = memstore
memstore device bytes = 1073741824

[${RGW_NAME}]
rgw frontends = beast endpoint=${HOST}:${PORT}
rgw data = ${DIR}/rgw
pid file = ${DIR}/run/rgw.pid
EOF
}

wait_for() {
  local what="$1" deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@"; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
  log "${what} ready after $((SECONDS - START))s"
}

mon_up() {
  ceph_cli mon stat >/dev/null 2>&1
}

osd_up() {
  ceph_cli osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1'
}

fail_start() {
  log "start failed: $*"
  for f in "${DIR}"/log/*.log; do
    [[ -f "$f" ]] || continue
    log "--- last lines of $f"
    tail -n 15 "$f" >&2 || true
  done
  stop_daemons
  log "state left in ${DIR} for inspection; the next start or stop removes it"
  exit 1
}

start() {
  START=$SECONDS
  if ours_running; then
    log "already running at ${ENDPOINT}"
    write_env
    echo "$ENDPOINT"
    return 0
  fi
  install_ceph
  # Leftovers of an earlier run (crash, reboot): memstore data is gone anyway.
  stop_daemons
  remove_dir
  if answering; then
    die "something else answers on ${ENDPOINT}; set RADOSGW_PORT to a free port"
  fi
  if (exec 3<>"/dev/tcp/${HOST}/${MON_PORT}") 2>/dev/null; then
    die "port ${MON_PORT} on ${HOST} is in use (another Ceph monitor?); set RADOSGW_MON_PORT to a free port"
  fi

  mkdir -p "$DIR"/{run,log,mon/a,osd/0,rgw}
  touch "${DIR}/${MARKER}"
  local fsid osd_uuid
  fsid="$(cat /proc/sys/kernel/random/uuid)"
  osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
  write_conf "$fsid"

  # Monitor: the keyring only names the entities (auth is none), mkfs wants one.
  ceph-authtool --create-keyring "${DIR}/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "${DIR}/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:${HOST}:${MON_PORT}]" "${DIR}/monmap" >/dev/null
  ceph-mon -c "$CONF" -i a --mkfs --monmap "${DIR}/monmap" --keyring "${DIR}/keyring" \
    >>"${DIR}/log/mkfs.log" 2>&1 || fail_start "ceph-mon --mkfs"
  ceph-mon -c "$CONF" -i a </dev/null >>"${DIR}/log/daemons.log" 2>&1 || fail_start "ceph-mon"
  wait_for "monitor" mon_up || fail_start "monitor did not answer within ${TIMEOUT}s"

  # OSD: register it, build its (in-memory) store, start it.
  local osd_id
  osd_id="$(ceph_cli osd new "$osd_uuid" 2>>"${DIR}/log/mkfs.log")" || fail_start "ceph osd new"
  [[ "$osd_id" == "0" ]] || fail_start "expected OSD id 0, got '${osd_id}'"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"${DIR}/log/mkfs.log" 2>&1 || fail_start "ceph-osd --mkfs"
  ceph-osd -c "$CONF" -i 0 </dev/null >>"${DIR}/log/daemons.log" 2>&1 || fail_start "ceph-osd"
  wait_for "osd" osd_up || fail_start "OSD not up within ${TIMEOUT}s"

  # S3 user and zonegroup (this also creates radosgw's pools).
  timeout "$TIMEOUT" radosgw-admin -c "$CONF" user create --uid=auditseal-test --display-name="AuditSeal tests" \
    --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >>"${DIR}/log/admin.log" 2>&1 || fail_start "radosgw-admin user create"
  # Clients in us-east-1 get 400 InvalidLocationConstraint on CreateBucket unless the zonegroup has that API name.
  timeout "$TIMEOUT" radosgw-admin -c "$CONF" zonegroup modify --rgw-zonegroup=default --api-name="$REGION" \
    >>"${DIR}/log/admin.log" 2>&1 || fail_start "radosgw-admin zonegroup modify"

  radosgw -c "$CONF" -n "$RGW_NAME" </dev/null >>"${DIR}/log/daemons.log" 2>&1 || fail_start "radosgw"
  wait_for "S3 at ${ENDPOINT}" answering || fail_start "radosgw did not answer within ${TIMEOUT}s"
  live_pid rgw radosgw >/dev/null || fail_start "radosgw answers but its pid file is missing"

  write_env
  log "started in $((SECONDS - START))s; state in ${DIR}"
  echo "$ENDPOINT"
}

write_env() {
  cat >"${DIR}/env" <<EOF
S3_ENDPOINT=${ENDPOINT}
S3_ACCESS_KEY=${ACCESS_KEY}
S3_SECRET_KEY=${SECRET_KEY}
S3_REGION=${REGION}
EOF
}

# Stops the daemons named in our pid files: TERM, then KILL after 20 s. Never by process name.
stop_daemons() {
  local entry name comm pid
  for entry in "${DAEMONS[@]}"; do
    name="${entry%%:*}"
    comm="${entry#*:}"
    pid="$(live_pid "$name" "$comm")" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      [[ -d "/proc/${pid}" ]] || break
      sleep 0.5
    done
    if [[ -d "/proc/${pid}" ]]; then
      log "${name} (pid ${pid}) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      while [[ -d "/proc/${pid}" ]]; do sleep 0.2; done
    fi
  done
}

# Only the gateway: the monitor and the OSD keep the data, so start-gateway brings the same store back.
stop_gateway() {
  local all=("${DAEMONS[@]}")
  DAEMONS=("rgw:radosgw")
  stop_daemons
  DAEMONS=("${all[@]}")
  log "gateway stopped; data kept"
}

start_gateway() {
  if live_pid rgw radosgw >/dev/null && answering; then
    return 0
  fi
  live_pid osd.0 ceph-osd >/dev/null || die "the cluster is not running: use start"
  START=$SECONDS
  radosgw -c "$CONF" -n "$RGW_NAME" </dev/null >>"${DIR}/log/daemons.log" 2>&1 || die "radosgw failed to start"
  wait_for "S3 at ${ENDPOINT}" answering || die "radosgw did not answer within ${TIMEOUT}s"
  log "gateway started at ${ENDPOINT}"
}

# A bucket with Object Lock enabled (which S3 allows only at creation), through the S3 API with curl's SigV4.
# curl 7.88 signs no payload hash; radosgw checks one, so the request names the empty body's SHA-256 itself.
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
make_bucket() {
  (($# == 1)) && [[ "$1" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || die "usage: $0 bucket NAME (an S3 bucket name)"
  answering || die "not running: use start"
  local code
  code="$(curl -s -o "${DIR}/log/bucket.out" -w '%{http_code}' -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" \
    -u "${ACCESS_KEY}:${SECRET_KEY}" -H "x-amz-content-sha256: ${EMPTY_SHA256}" \
    -H "x-amz-bucket-object-lock-enabled: true" "${ENDPOINT}/$1")"
  [[ "$code" == 200 ]] || die "creating bucket $1 answered ${code}: $(cat "${DIR}/log/bucket.out")"
  log "bucket $1 created with Object Lock at ${ENDPOINT}"
}

stop() {
  stop_daemons
  remove_dir
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-gateway) stop_gateway ;;
  start-gateway) start_gateway ;;
  bucket) shift; make_bucket "$@" ;;
  status)
    if ours_running; then
      echo "running at ${ENDPOINT}"
    else
      echo "not running"
      exit 1
    fi
    ;;
  env)
    [[ -f "${DIR}/env" ]] || die "not started (no ${DIR}/env)"
    cat "${DIR}/env"
    ;;
  *)
    echo "usage: $0 start|stop|status|env|bucket NAME|stop-gateway|start-gateway" >&2
    exit 2
    ;;
esac
