#!/usr/bin/env bash
# SoftHSM2, a PKCS#11 token in software, for the tests and the benchmark of PKCS#11 checkpoint signing.
#
#   scripts/softhsm.sh setup CONF     install SoftHSM if its library is missing (root only, with apt), then write the
#                                     configuration file CONF with a new, empty token directory beside it
#                                     (CONF's directory/tokens)
#   scripts/softhsm.sh token CONF LABEL PIN SO_PIN
#                                     initialise a new token LABEL in CONF's token directory
#   scripts/softhsm.sh library        print the PKCS#11 library's path
#
# SoftHSM reads SOFTHSM2_CONF (or /etc/softhsm/softhsm2.conf) once, when a process initialises the library, and
# sees only the tokens that exist then: export SOFTHSM2_CONF=CONF before starting the process that uses the tokens.
#
# Environment: SOFTHSM_LIB (default /usr/lib/softhsm/libsofthsm2.so, where Debian's softhsm2 package puts it); set it
# to a copy installed elsewhere and nothing is installed. SOFTHSM_UTIL: softhsm2-util (default: beside that copy,
# ../../bin, or on PATH).
set -euo pipefail

SCRIPT="softhsm.sh"
LIB="${SOFTHSM_LIB:-/usr/lib/softhsm/libsofthsm2.so}"
MARKER=".auditseal-softhsm"
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() { sed -n '2,18p' "$0" >&2; exit 2; }

install_softhsm() {
  [[ -f "$LIB" ]] && return 0
  [[ "$LIB" == /usr/lib/softhsm/libsofthsm2.so ]] || die "SOFTHSM_LIB=${LIB} does not exist"
  [[ "$(id -u)" -eq 0 ]] || die "${LIB} is missing; install it as root: apt-get install -y --no-install-recommends softhsm2"
  apt_install SOFTHSM_LIB softhsm2
  [[ -f "$LIB" ]] || die "softhsm2 is installed but ${LIB} is still missing"
}

util() {
  local tool="${SOFTHSM_UTIL:-}"
  if [[ -z "$tool" ]]; then
    tool="$(dirname "$LIB")/../../bin/softhsm2-util"
    [[ -x "$tool" ]] || tool="$(command -v softhsm2-util || true)"
  fi
  [[ -n "$tool" && -x "$tool" ]] || die "softhsm2-util not found; set SOFTHSM_UTIL"
  # --module: a copy of SoftHSM outside /usr/lib is not where softhsm2-util looks by default.
  "$tool" --module "$LIB" "$@"
}

# setup CONF: CONF's directory is ours (marker) or new; its token directory starts empty.
setup() {
  local conf="$1" dir
  [[ "$conf" == /* ]] || die "CONF must be an absolute path: ${conf}"
  dir="$(dirname "$conf")"
  install_softhsm
  if [[ -d "$dir" && ! -f "${dir}/${MARKER}" && -n "$(ls -A "$dir")" ]]; then
    die "${dir} exists and was not made by this script; not using it"
  fi
  mkdir -p "$dir"
  touch "${dir}/${MARKER}"
  rm -rf "${dir}/tokens"
  mkdir -m 0700 "${dir}/tokens"
  cat >"$conf" <<CONF
# Written by scripts/softhsm.sh: tokens for tests, in plain files, gone at the next setup.
directories.tokendir = ${dir}/tokens
objectstore.backend = file
log.level = ERROR
CONF
  log "SoftHSM ${LIB}, configuration ${conf}"
}

case "${1:-}" in
  setup)
    [[ $# -eq 2 ]] || usage
    setup "$2"
    ;;
  token)
    [[ $# -eq 5 ]] || usage
    SOFTHSM2_CONF="$2" util --init-token --free --label "$3" --pin "$4" --so-pin "$5" >/dev/null
    log "token $3 initialised"
    ;;
  library)
    echo "$LIB"
    ;;
  *)
    usage
    ;;
esac
