# Helpers shared by scripts/kube-apiserver.sh and scripts/local-cluster.sh. Sourced, not run.
#
# The caller sets, before sourcing:
#   SCRIPT   its name, the prefix of every log line ("kube-apiserver.sh")
#   DIR      its state directory (pid files go to $DIR/run)
#   LOG_DIR  where daemon logs go
#   TIMEOUT  seconds wait_for waits

log() { echo "${SCRIPT}: $*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { local t="${EPOCHREALTIME//[!0-9]/}"; echo $((10#$t / 1000)); }
START_MS="$(now_ms)"
# Seconds since the script started, one decimal.
since() { local ms=$(($(now_ms) - START_MS)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

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

# apt_install VAR PACKAGE...: VAR is the variable that points at an existing binary instead.
apt_install() {
  local var="$1"
  shift
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install $* by hand, or set ${var} to an existing binary"
  log "installing $* with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Starts a program in its own session (a Ctrl-C or Maven's process group does not reach it), all output to its
# log, and records its pid and process name.
spawn() {
  local name="$1"
  shift
  # Without job control a background child is no process group leader, so setsid needs no fork: $! is the daemon.
  echo "=== ${SCRIPT}: $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $*" >>"${LOG_DIR}/${name}.log"
  setsid "$@" </dev/null >>"${LOG_DIR}/${name}.log" 2>&1 &
  echo "$!" >"$(pid_file "$name")"
  comm_of "$1" >"${DIR}/run/${name}.comm"
}

# wait_for WHAT NAME COMMAND...: until COMMAND succeeds, while daemon NAME lives, at most $TIMEOUT seconds.
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
