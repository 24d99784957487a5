#!/usr/bin/env bash
# A witness written by others, for the tests of AuditSeal's witness client: sigsum-go's sigsum-witness (Debian
# bookworm-backports, 0.11.1), which serves C2SP tlog-witness add-checkpoint and answers with cosignature/v1
# cosignatures. It witnesses one log, whose origin must be sigsum.org/v1/tree/<hex SHA-256 of the log's key>.
# See docs/FORMAT.md ("Witnesses written by others") for what it accepts and refuses.
#
#   scripts/sigsum-witness.sh install              install sigsum-go from bookworm-backports if missing (root)
#   scripts/sigsum-witness.sh start DIR PORT VKEY  a new witness key in DIR, witnessing the log whose verifier key is
#                                                  VKEY, on 127.0.0.1:PORT; prints the witness's cosignature vkey
#   scripts/sigsum-witness.sh stop DIR             stop it (by its pid file); DIR keeps its key and state
#   scripts/sigsum-witness.sh origin VKEY          print the origin sigsum-witness requires for a log with this key
set -euo pipefail

SCRIPT="sigsum-witness.sh"
log() { echo "${SCRIPT}: $*" >&2; }
die() { log "$*"; exit 1; }

BIN_DIR="${SIGSUM_BIN_DIR:-/usr/bin}"
BACKPORTS_LIST="/etc/apt/sources.list.d/auditseal-bookworm-backports.sources"

install() {
  [[ -x "${BIN_DIR}/sigsum-witness" && -x "${BIN_DIR}/sigsum-key" ]] && return 0
  [[ "$(id -u)" -eq 0 ]] || die "sigsum-go is missing; as root: apt-get install -t bookworm-backports sigsum-go"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install sigsum-go 0.11 by hand (SIGSUM_BIN_DIR)"
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    local mirror
    mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    cat >"$BACKPORTS_LIST" <<SOURCES
Types: deb
URIs: ${mirror:-http://deb.debian.org/debian}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  log "installing sigsum-go from bookworm-backports with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t bookworm-backports sigsum-go >/dev/null
}

# The origin sigsum-witness insists on: sigsum.org/v1/tree/ and the hex SHA-256 of the log's 32-byte Ed25519 key.
origin_of() {
  local vkey="$1" key
  key="$(echo "$vkey" | cut -d+ -f3-)" # name+keyid+base64: the base64 may hold '+' itself
  [[ "$(echo "$key" | base64 -d 2>/dev/null | wc -c)" -eq 33 ]] || die "not an Ed25519 vkey: ${vkey}"
  echo "sigsum.org/v1/tree/$(echo "$key" | base64 -d | tail -c 32 | sha256sum | cut -d' ' -f1)"
}

start() {
  local dir="$1" port="$2" vkey="$3"
  [[ "$dir" == /* ]] || die "DIR must be an absolute path"
  install
  mkdir -p "$dir"
  if [[ -s "${dir}/pid" ]] && kill -0 "$(cat "${dir}/pid")" 2>/dev/null; then
    die "a witness already runs from ${dir} (pid $(cat "${dir}/pid"))"
  fi
  [[ -f "${dir}/witness.key" ]] || "${BIN_DIR}/sigsum-key" generate -o "${dir}/witness.key"
  echo "$vkey" | "${BIN_DIR}/sigsum-key" from-vkey -o "${dir}/log.pub"
  local name
  name="sigsum.org/v1/witness/$("${BIN_DIR}/sigsum-key" to-hash -k "${dir}/witness.key.pub")"
  "${BIN_DIR}/sigsum-key" to-vkey -k "${dir}/witness.key.pub" -t cosignature/v1 -n "$name" -o "${dir}/witness.vkey"
  # Debian's build embeds httpmuxgo121=1 (a GOPATH-mode build), under which the witness's "POST /add-checkpoint"
  # route never matches and every request gets 404; the Go 1.22 router is what upstream builds use.
  GODEBUG=httpmuxgo121=0 setsid "${BIN_DIR}/sigsum-witness" -k "${dir}/witness.key" --log-key "${dir}/log.pub" \
    --state-file "${dir}/state" "127.0.0.1:${port}" </dev/null >>"${dir}/witness.log" 2>&1 &
  echo "$!" >"${dir}/pid"
  local deadline=$((SECONDS + 30)) code
  until code="$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary '' "http://127.0.0.1:${port}/add-checkpoint")" \
      && [[ "$code" == 400 ]]; do
    kill -0 "$(cat "${dir}/pid")" 2>/dev/null || die "sigsum-witness exited: $(tail -5 "${dir}/witness.log")"
    ((SECONDS < deadline)) || die "sigsum-witness did not answer on port ${port} (last status ${code:-none})"
    sleep 0.2
  done
  log "witness for $(origin_of "$vkey") on 127.0.0.1:${port}"
  cat "${dir}/witness.vkey"
}

stop() {
  local dir="$1" pid
  [[ -s "${dir}/pid" ]] || return 0
  pid="$(cat "${dir}/pid")"
  if [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" == "sigsum-witness" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -d "/proc/${pid}" ]] || break; sleep 0.1; done
    [[ -d "/proc/${pid}" ]] && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "${dir}/pid"
}

case "${1:-}" in
  install) install ;;
  start) [[ $# -eq 4 ]] || die "usage: start DIR PORT VKEY"; start "$2" "$3" "$4" ;;
  stop) [[ $# -eq 2 ]] || die "usage: stop DIR"; stop "$2" ;;
  origin) [[ $# -eq 2 ]] || die "usage: origin VKEY"; origin_of "$2" ;;
  *) die "usage: $0 install | start DIR PORT VKEY | stop DIR | origin VKEY" ;;
esac
