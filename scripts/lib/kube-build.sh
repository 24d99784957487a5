# The one build of Kubernetes v1.20.2 that scripts/kube-apiserver.sh and scripts/local-cluster.sh share: every
# binary either needs, made from Debian bookworm's kubernetes source package once per machine. Sourced, not run;
# needs lib/common.sh.
#
# The caller may set:
#   KUBE_APISERVER_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/auditseal); the build goes to
#                         $KUBE_APISERVER_CACHE/kubernetes-v1.20.2/{kube-apiserver,kubectl,kubelet,...,BUILD-INFO}
#   DEBIAN_MIRROR         where the source package comes from (http://deb.debian.org/debian)

KUBE_VERSION="v1.20.2"
# Debian bookworm's kubernetes source package is upstream v1.20.2 (with vendor/) plus Debian's security patches.
DEB_SRC_PACKAGE="kubernetes"
DEB_SRC_VERSION_RE='^1\.20\.5\+really1\.20\.2-'
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
GO_BIN_DIR="/usr/lib/go-1.19/bin"
REFLECT2_SRC="/usr/share/gocode/src/github.com/modern-go/reflect2"
# All in one make: most packages are shared, so the four node binaries cost a few minutes more than two.
KUBE_BINARIES=(kube-apiserver kubectl kubelet kube-controller-manager kube-scheduler kube-proxy)

CACHE_ROOT="${KUBE_APISERVER_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/auditseal}"
[[ "$CACHE_ROOT" == /* ]] || die "KUBE_APISERVER_CACHE must be an absolute path"
KUBE_CACHE="${CACHE_ROOT}/kubernetes-${KUBE_VERSION}"
ETCD_BIN="${ETCD_BIN:-${ETCD:-}}"

# etcd from Debian (etcd-server), or $ETCD_BIN if the caller set it.
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

kube_built() {
  local bin
  for bin in "${KUBE_BINARIES[@]}"; do
    [[ -x "${KUBE_CACHE}/${bin}" ]] || return 1
  done
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
    die "building Kubernetes needs ${missing[*]}; install them as root: apt-get install -y --no-install-recommends ${missing[*]} (or set KUBE_APISERVER to an existing binary)"
  fi
  apt_install KUBE_APISERVER "${missing[@]}"
}

# Builds KUBE_BINARIES from Debian bookworm's kubernetes source package into KUBE_CACHE, once per machine.
build_kube() {
  kube_built && return 0
  install_build_tools
  mkdir -p "$CACHE_ROOT"
  # Two starts at once (two Maven runs) must not build twice, nor see a half-written cache.
  exec 9>"${KUBE_CACHE}.lock"
  if ! flock -n 9; then
    log "another process is building Kubernetes ${KUBE_VERSION}; waiting for it"
    flock 9
  fi
  if kube_built; then
    exec 9>&-
    return 0
  fi

  local work="${KUBE_CACHE}.build" t0=$SECONDS
  rm -rf "$work" "${KUBE_CACHE}.tmp"
  mkdir -p "$work"/apt/{lists/partial,archives/partial,parts} "$work/dl"
  log "building ${KUBE_BINARIES[*]} ${KUBE_VERSION} from Debian's ${DEB_SRC_PACKAGE} source package, once per" \
    "machine: 10-15 minutes on 2 cores; log in ${work}/build.log; result in ${KUBE_CACHE}"

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
  [[ "$version" =~ $DEB_SRC_VERSION_RE ]] || die "Debian's ${DEB_SRC_PACKAGE} source is ${version}, not upstream ${KUBE_VERSION}; update scripts/lib/kube-build.sh"
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
  local goversion what=() bin
  goversion="$("${GO_BIN_DIR}/go" version)"
  for bin in "${KUBE_BINARIES[@]}"; do what+=("cmd/${bin}"); done
  if ! (cd "$work/src" && env -u GOFLAGS PATH="${GO_BIN_DIR}:${PATH}" GOPROXY=off GOENV=off CGO_ENABLED=0 \
    HOME="$work/home" nice -n 10 make WHAT="${what[*]}") >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "building Kubernetes failed after $((SECONDS - t0))s; build tree and log kept in ${work}"
  fi

  mkdir -p "${KUBE_CACHE}.tmp"
  for bin in "${KUBE_BINARIES[@]}"; do cp -L "$work/src/_output/bin/${bin}" "${KUBE_CACHE}.tmp/"; done
  cat >"${KUBE_CACHE}.tmp/BUILD-INFO" <<INFO
kubernetes ${KUBE_VERSION} (${KUBE_BINARIES[*]}) from Debian source package ${DEB_SRC_PACKAGE} ${version}
vendored github.com/modern-go/reflect2 replaced by v1.0.2 (golang-github-modern-go-reflect2-dev $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev 2>/dev/null || echo '?'))
built with ${goversion}, CGO_ENABLED=0, on $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - t0))s
INFO
  rm -rf "$KUBE_CACHE"
  mv "${KUBE_CACHE}.tmp" "$KUBE_CACHE"
  rm -rf "$work"
  # The apiserver-only cache of earlier versions of these scripts is superseded.
  rm -rf "${CACHE_ROOT}/kube-apiserver-${KUBE_VERSION}" "${CACHE_ROOT}/kube-apiserver-${KUBE_VERSION}.lock"
  exec 9>&-
  log "built ${KUBE_BINARIES[*]} in $((SECONDS - t0))s into ${KUBE_CACHE}"
}

# The pod sandbox program (lib/pause.go), built with the same Go as Kubernetes into $KUBE_CACHE/pause.
build_pause() {
  local source sum
  source="$(dirname "${BASH_SOURCE[0]}")/pause.go"
  sum="$(sha256sum "$source" | cut -d' ' -f1)"
  [[ -x "${KUBE_CACHE}/pause" && "$(cat "${KUBE_CACHE}/pause.source-sha256" 2>/dev/null)" == "$sum" ]] && return 0
  install_build_tools
  mkdir -p "$KUBE_CACHE"
  local work
  work="$(mktemp -d)"
  cp "$source" "$work/main.go"
  (cd "$work" && env -u GOFLAGS GO111MODULE=off GOPROXY=off GOENV=off CGO_ENABLED=0 HOME="$work" \
    GOCACHE="$work/cache" "${GO_BIN_DIR}/go" build -trimpath -ldflags=-s -o pause main.go) >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; rm -rf "$work"; die "building the pause program failed"; }
  mv "$work/pause" "${KUBE_CACHE}/pause"
  echo "$sum" >"${KUBE_CACHE}/pause.source-sha256"
  rm -rf "$work"
}
