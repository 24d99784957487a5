#!/usr/bin/env bash
# A real single-node Kubernetes v1.20.2 on this machine, without Docker: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kube-proxy (iptables) and a kubelet on containerd with CNI, from the same
# cached build as scripts/kube-apiserver.sh (scripts/lib/kube-build.sh). For the chart's end-to-end test and the
# README's "no Docker needed" quick start. Root only. See docs/E2E.md.
#
#   scripts/local-cluster.sh up [-- APISERVER-FLAGS...]
#                           install what is missing (apt), build once, start everything, wait until the node is
#                           Ready, import the pause image, make the journal's local PersistentVolume; print the
#                           apiserver URL. Extra apiserver flags (an audit webhook, ...) come from
#                           $LOCAL_CLUSTER_APISERVER_ARGS (split on whitespace) and those after "--".
#   scripts/local-cluster.sh down
#                           stop everything and remove all it made: pods, containers, network namespaces, the
#                           bridge, routes, iptables chains, mounts, cgroups, sysctls (back to their old values)
#                           and the state directory. Then checks, as "leftovers" does; exit 1 if anything is left.
#   scripts/local-cluster.sh status     exit 0 if the cluster runs and its node is Ready
#   scripts/local-cluster.sh env        print "export NAME=value" lines: KUBECONFIG, LOCAL_CLUSTER_URL, ...
#   scripts/local-cluster.sh import IMAGE-ARCHIVE
#                           import a docker-archive or OCI tar into the cluster's containerd (namespace k8s.io)
#   scripts/local-cluster.sh restart-apiserver [-- APISERVER-FLAGS...]
#                           restart kube-apiserver alone with these extra flags instead of the earlier ones (an
#                           audit webhook pointing at a sink that now runs); prints the URL once it is ready
#   scripts/local-cluster.sh expose PORT
#                           relay 10.89.0.1:PORT to 127.0.0.1:PORT (socat), so that pods reach a service of the host
#                           that listens on loopback only, such as scripts/radosgw.sh's S3; down stops it
#   scripts/local-cluster.sh leftovers  list what a cluster of this script left on the machine; exit 1 if any
#
# Network: everything lives on a bridge this script makes (auditseal0, 10.89.0.1/24, the node's address). Pods get
# addresses from that range and routes to it and to the service range only: no default route, so a pod reaches
# nothing beyond the node, its pods and its services. The service range (10.96.0.0/16) is routed to the bridge, so no
# packet for it leaves by another interface; NodePorts listen on the node address only; an iptables chain drops
# anything forwarded from the bridge to any other interface.
#
# Environment:
#   LOCAL_CLUSTER_DIR       state: certificates, tokens, kubeconfigs, etcd, containerd, kubelet, CNI, logs
#                           (default /var/tmp/auditseal-local-cluster)
#   LOCAL_CLUSTER_TIMEOUT   seconds to wait for each component (120)
#   LOCAL_CLUSTER_APISERVER_ARGS  extra kube-apiserver flags, split on whitespace
#   KUBE_APISERVER_CACHE, DEBIAN_MIRROR   as for scripts/kube-apiserver.sh (the shared build)
set -euo pipefail

DIR="${LOCAL_CLUSTER_DIR:-/var/tmp/auditseal-local-cluster}"
LOG_DIR="${DIR}/log"
TIMEOUT="${LOCAL_CLUSTER_TIMEOUT:-120}"
[[ "$DIR" == /* && "$DIR" != "/" ]] || { echo "local-cluster.sh: LOCAL_CLUSTER_DIR must be an absolute path other than /" >&2; exit 2; }

SCRIPT="local-cluster.sh"
LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
. "${LIB}/common.sh"
# shellcheck source=lib/kube-build.sh
. "${LIB}/kube-build.sh"

NODE="auditseal-node"
BRIDGE="auditseal0"
NODE_IP="10.89.0.1"
POD_CIDR="10.89.0.0/24"
SERVICE_CIDR="10.96.0.0/16"
SERVICE_IP="10.96.0.1"
API_PORT=6443
URL="https://${NODE_IP}:${API_PORT}"
ETCD_URL="http://127.0.0.1:22379"
ETCD_PEER_URL="http://127.0.0.1:22380"
CONTAINERD_SOCK="/run/containerd/containerd.sock"
PAUSE_IMAGE="auditseal.local/pause:1"
FORWARD_CHAIN="AUDITSEAL-LOCAL-FORWARD"
PKI="${DIR}/pki"
MARKER=".auditseal-local-cluster"
# Kernel settings the cluster changes (kubelet writes the last three at start); down puts the old values back.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables vm.overcommit_memory kernel.panic kernel.panic_on_oops)
# Daemons, started in this order and stopped in the reverse one.
DAEMONS=(etcd kube-apiserver containerd kube-controller-manager kube-scheduler kubelet kube-proxy)
PACKAGES=(containerd runc containernetworking-plugins iptables nftables conntrack iproute2 util-linux curl openssl socat)

KUBECTL_BIN=""

require_root() {
  [[ "$(id -u)" -eq 0 ]] || die "must run as root (it configures network, mounts and cgroups)"
}

ensure_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) || apt_install "" "${missing[@]}"
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]] ||
    die "the CNI plugins are not in /usr/lib/cni (package containernetworking-plugins)"
}

ensure_binaries() {
  ensure_etcd
  build_kube
  build_pause
  KUBECTL_BIN="${KUBE_CACHE}/kubectl"
}

kubectl() { "$KUBECTL_BIN" --kubeconfig "${DIR}/admin.kubeconfig" "$@"; }

ctr_() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# --- kernel settings ---------------------------------------------------------------------------------------------

save_sysctls() {
  local key
  for key in "${SYSCTLS[@]}"; do
    echo "${key}=$(sysctl -n "$key")"
  done >"${DIR}/sysctl.saved"
}

# iptables (the nft backend) makes its tables on first use and never removes them: down removes those up found
# absent.
save_nft_tables() {
  nft list tables >"${DIR}/nft-tables.saved"
}

remove_new_nft_tables() {
  [[ -f "${DIR}/nft-tables.saved" ]] && command -v nft >/dev/null 2>&1 || return 0
  local line
  while IFS= read -r line; do
    # shellcheck disable=SC2086 # "table <family> <name>", as nft lists it
    grep -qxF "$line" "${DIR}/nft-tables.saved" || nft delete ${line} 2>/dev/null || true
  done < <(nft list tables)
}

restore_sysctls() {
  [[ -f "${DIR}/sysctl.saved" ]] || return 0
  local line
  while IFS= read -r line; do
    [[ "$(sysctl -n "${line%%=*}")" == "${line#*=}" ]] || sysctl -q -w "$line" >/dev/null
  done <"${DIR}/sysctl.saved"
}

# --- network -----------------------------------------------------------------------------------------------------

network_up() {
  ip link add "$BRIDGE" type bridge
  ip addr add "${NODE_IP}/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ip route add "$SERVICE_CIDR" dev "$BRIDGE" src "$NODE_IP"
  # Routing between pods and services needs forwarding; nothing forwarded from the bridge may leave by another
  # interface, and nothing from elsewhere may be forwarded into it.
  iptables -w -N "$FORWARD_CHAIN"
  iptables -w -A "$FORWARD_CHAIN" -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
  iptables -w -A "$FORWARD_CHAIN" ! -i "$BRIDGE" -o "$BRIDGE" -j DROP
  iptables -w -I FORWARD 1 -j "$FORWARD_CHAIN"
  sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 >/dev/null
}

write_cni() {
  mkdir -p "${DIR}/cni/net.d" "${DIR}/cni/ipam"
  cat >"${DIR}/cni/net.d/10-auditseal.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "auditseal",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${DIR}/cni/ipam",
        "ranges": [[{"subnet": "${POD_CIDR}", "rangeStart": "10.89.0.10", "rangeEnd": "10.89.0.250", "gateway": "${NODE_IP}"}]],
        "routes": [{"dst": "${SERVICE_CIDR}", "gw": "${NODE_IP}"}]
      }
    }
  ]
}
EOF
}

# --- identities: certificates, tokens, kubeconfigs ---------------------------------------------------------------

make_pki() {
  mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -sha256 \
      -subj "/CN=auditseal-local-cluster-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    cat >apiserver.ext <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:${NODE_IP},IP:${SERVICE_IP},DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 30 \
      -sha256 -extfile apiserver.ext
    # The apiserver's client certificate towards the kubelet (logs, exec).
    openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr \
      -subj "/O=system:masters/CN=kube-apiserver-kubelet-client"
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out kubelet-client.crt \
      -days 30 -sha256 -extfile client.ext
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
    chmod 600 ./*.key
  ) >>"${LOG_DIR}/pki.log" 2>&1 || fail_up "making certificates with openssl (see ${LOG_DIR}/pki.log)"
}

# Random bearer tokens, one per component; the built-in RBAC bindings grant each user its component's rights.
write_identities() {
  local name user groups token
  : >"${DIR}/tokens.csv"
  while read -r name user groups; do
    token="$(openssl rand -hex 24)"
    echo "${token},${user},${user},\"${groups}\"" >>"${DIR}/tokens.csv"
    write_kubeconfig "$name" "$user" "$token"
  done <<EOF
admin auditseal-local-admin system:masters
kubelet system:node:${NODE} system:nodes
kube-controller-manager system:kube-controller-manager system:authenticated
kube-scheduler system:kube-scheduler system:authenticated
kube-proxy system:kube-proxy system:authenticated
EOF
  chmod 600 "${DIR}/tokens.csv"
}

write_kubeconfig() {
  local name="$1" user="$2" token="$3"
  cat >"${DIR}/${name}.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: auditseal-local
  cluster:
    server: ${URL}
    certificate-authority-data: $(base64 -w0 <"${PKI}/ca.crt")
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: auditseal-local
  context:
    cluster: auditseal-local
    user: ${user}
current-context: auditseal-local
EOF
  chmod 600 "${DIR}/${name}.kubeconfig"
}

# --- daemons -----------------------------------------------------------------------------------------------------

healthy() { curl -s -m 2 "$@" 2>/dev/null | grep -q '^ok$\|"health":"true"'; }
apiserver_ready() { healthy --cacert "${PKI}/ca.crt" -H "Authorization: Bearer $(admin_token)" "${URL}/readyz"; }
admin_token() { sed -n 's/^    token: //p' "${DIR}/admin.kubeconfig"; }

start_etcd() {
  spawn etcd "$ETCD_BIN" --name auditseal-local --data-dir "${DIR}/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "$ETCD_PEER_URL" --initial-advertise-peer-urls "$ETCD_PEER_URL" \
    --initial-cluster "auditseal-local=${ETCD_PEER_URL}" --initial-cluster-state new \
    --logger zap --log-outputs stderr
  wait_for "etcd" etcd healthy "${ETCD_URL}/health" || fail_up "etcd did not become healthy"
}

APISERVER_EXTRA=()

# Extra kube-apiserver flags: $LOCAL_CLUSTER_APISERVER_ARGS, then the arguments after "--".
parse_apiserver_args() {
  local env_args=()
  # shellcheck disable=SC2206 # split on whitespace, by design
  [[ -n "${LOCAL_CLUSTER_APISERVER_ARGS:-}" ]] && env_args=(${LOCAL_CLUSTER_APISERVER_ARGS})
  if (($# > 0)); then
    [[ "$1" == "--" ]] || die "unexpected argument '$1': apiserver flags go after --"
    shift
  fi
  APISERVER_EXTRA=("${env_args[@]}" "$@")
}

start_apiserver() {
  spawn kube-apiserver "${KUBE_CACHE}/kube-apiserver" \
    --etcd-servers="$ETCD_URL" \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port="$API_PORT" --insecure-port=0 \
    --tls-cert-file="${PKI}/apiserver.crt" --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" --token-auth-file="${DIR}/tokens.csv" \
    --kubelet-client-certificate="${PKI}/kubelet-client.crt" --kubelet-client-key="${PKI}/kubelet-client.key" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --service-account-issuer="https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file="${PKI}/sa.pub" --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    "${APISERVER_EXTRA[@]}"
  wait_for "kube-apiserver at ${URL}" kube-apiserver apiserver_ready || fail_up "kube-apiserver did not become ready"
}

start_containerd() {
  [[ ! -e "$CONTAINERD_SOCK" ]] || die "${CONTAINERD_SOCK} exists: another containerd runs here; stop it first"
  [[ -d /run/containerd ]] || touch "${DIR}/made-run-containerd"
  mkdir -p "${DIR}/containerd"
  cat >"${DIR}/containerd/config.toml" <<EOF
version = 2
root = "${DIR}/containerd/root"
state = "${DIR}/containerd/state"
[grpc]
  address = "${CONTAINERD_SOCK}"
[plugins."io.containerd.internal.v1.opt"]
  path = "${DIR}/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  # This VM grants no CAP_SYS_RESOURCE: runc cannot lower oom_score_adj below its parent's.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${DIR}/cni/net.d"
EOF
  spawn containerd containerd --config "${DIR}/containerd/config.toml"
  wait_for "containerd" containerd containerd_up || fail_up "containerd did not start"
  import_pause
}

# The sandbox image, made here (nothing can be pulled): one layer holding the pause program, as a docker-archive.
import_pause() {
  local work layer_sum config config_sum
  work="$(mktemp -d)"
  mkdir "$work/root"
  cp "${KUBE_CACHE}/pause" "$work/root/pause"
  tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$work/root" -cf "$work/layer.tar" pause
  layer_sum="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/pause\"],\"User\":\"65535:65535\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:${layer_sum}\"]}}"
  printf '%s' "$config" >"$work/config.json"
  config_sum="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mv "$work/config.json" "$work/${config_sum}.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$config_sum" "$PAUSE_IMAGE" >"$work/manifest.json"
  tar -C "$work" -cf "$work/pause-image.tar" manifest.json "${config_sum}.json" layer.tar
  ctr_ images import "$work/pause-image.tar" >>"${LOG_DIR}/images.log" 2>&1 || { rm -rf "$work"; fail_up "importing the pause image failed (see ${LOG_DIR}/images.log)"; }
  rm -rf "$work"
}

start_controller_manager() {
  spawn kube-controller-manager "${KUBE_CACHE}/kube-controller-manager" \
    --kubeconfig="${DIR}/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=10257 --port=0 --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="${PKI}/sa.key" --root-ca-file="${PKI}/ca.crt" \
    --allocate-node-cidrs=false
}

start_scheduler() {
  spawn kube-scheduler "${KUBE_CACHE}/kube-scheduler" \
    --kubeconfig="${DIR}/kube-scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=10259 --port=0 --leader-elect=false
}

start_kubelet() {
  mkdir -p "${DIR}/kubelet"
  cat >"${DIR}/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: "${PKI}/ca.crt"}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
failSwapOn: false
oomScoreAdj: 0
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
# The imported images cannot be pulled again: never collect them, never evict for disk.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
serializeImagePulls: false
EOF
  spawn kubelet "${KUBE_CACHE}/kubelet" \
    --config="${DIR}/kubelet.yaml" --kubeconfig="${DIR}/kubelet.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://${CONTAINERD_SOCK}" \
    --node-ip="$NODE_IP" --hostname-override="$NODE" \
    --root-dir="${DIR}/kubelet" --cert-dir="${DIR}/kubelet-pki"
}

start_proxy() {
  spawn kube-proxy "${KUBE_CACHE}/kube-proxy" \
    --kubeconfig="${DIR}/kube-proxy.kubeconfig" --hostname-override="$NODE" \
    --proxy-mode=iptables --cluster-cidr="$POD_CIDR" --nodeport-addresses="${NODE_IP}/32" \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256 \
    --oom-score-adj=0 --conntrack-max-per-core=0 \
    --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0
}

containerd_up() { ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1; }

proxy_synced() { iptables -w -S FORWARD 2>/dev/null | grep -q -- '-j KUBE-FORWARD'; }

# kube-proxy puts its FORWARD rules first, and one accepts what it marked: ours must come before them. It checks
# that its rules exist, not where, so ours stays first.
guard_forward_first() {
  iptables -w -D FORWARD -j "$FORWARD_CHAIN"
  iptables -w -I FORWARD 1 -j "$FORWARD_CHAIN"
}

node_ready() {
  [[ "$(kubectl get node "$NODE" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == "True" ]]
}

# The journal's volume: a local PersistentVolume (kubelet applies the pod's fsGroup to it; a hostPath would stay
# root-owned) on the node, and its StorageClass.
make_journal_volume() {
  mkdir -p "${DIR}/volumes/journal"
  kubectl apply -f - >>"${LOG_DIR}/up.log" <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-journal
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: auditseal-journal
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-journal
  local: {path: "${DIR}/volumes/journal"}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: ["${NODE}"]}
EOF
}

write_env() {
  cat >"${DIR}/env" <<EOF
KUBECONFIG=${DIR}/admin.kubeconfig
LOCAL_CLUSTER_URL=${URL}
LOCAL_CLUSTER_CA=${PKI}/ca.crt
LOCAL_CLUSTER_NODE=${NODE}
LOCAL_CLUSTER_NODE_IP=${NODE_IP}
LOCAL_CLUSTER_STORAGE_CLASS=local-journal
LOCAL_CLUSTER_LOG_DIR=${LOG_DIR}
KUBECTL=${KUBECTL_BIN}
LOCAL_CLUSTER_DIR=${DIR}
EOF
}

fail_up() {
  log "up failed: $*"
  local name
  for name in "${DAEMONS[@]}"; do
    [[ -s "${LOG_DIR}/${name}.log" ]] || continue
    log "--- last lines of ${LOG_DIR}/${name}.log"
    tail -n 8 "${LOG_DIR}/${name}.log" >&2 || true
  done
  log "logs kept in ${LOG_DIR} until the next up or down"
  exit 1
}

# --- up / down ---------------------------------------------------------------------------------------------------

up() {
  require_root
  if [[ -f "${DIR}/${MARKER}" ]]; then
    if status >/dev/null 2>&1; then
      log "already up at ${URL}"
      echo "$URL"
      return 0
    fi
    log "a cluster of an earlier up is half there; taking it down first"
    down || true
  fi
  [[ ! -e "$DIR" ]] || die "${DIR} exists and was not made by this script; set LOCAL_CLUSTER_DIR"
  parse_apiserver_args "$@"
  ensure_packages
  ensure_binaries
  ip link show "$BRIDGE" >/dev/null 2>&1 && die "interface ${BRIDGE} exists: run down first"
  mkdir -p "${DIR}/run" "$LOG_DIR"
  touch "${DIR}/${MARKER}"
  save_sysctls
  save_nft_tables
  network_up
  write_cni
  make_pki
  write_identities
  start_etcd
  start_apiserver
  start_containerd
  start_controller_manager
  start_scheduler
  start_kubelet
  start_proxy
  wait_for "node ${NODE}" kubelet node_ready || fail_up "node ${NODE} did not become Ready"
  wait_for "kube-proxy's rules" kube-proxy proxy_synced || fail_up "kube-proxy wrote no rules"
  guard_forward_first
  make_journal_volume
  write_env
  log "up in $(since): ${URL}; kubeconfig ${DIR}/admin.kubeconfig; logs in ${LOG_DIR}"
  echo "$URL"
}

# Containers first (their shims outlive containerd), then the daemons, then what the daemons and CNI made.
down() {
  require_root
  if [[ -e "$DIR" && ! -f "${DIR}/${MARKER}" ]]; then
    die "${DIR} was not made by this script; not touching it"
  fi
  if [[ -f "${DIR}/${MARKER}" ]]; then
    stop_exposed
    stop_daemons kube-proxy kubelet kube-scheduler kube-controller-manager
    remove_containers
    stop_daemons containerd kube-apiserver etcd
    kill_shims
    [[ -x "${KUBE_CACHE}/kube-proxy" ]] && "${KUBE_CACHE}/kube-proxy" --cleanup >/dev/null 2>&1 || true
  fi
  remove_iptables
  remove_new_nft_tables
  remove_netns
  ip link del "$BRIDGE" 2>/dev/null || true
  unmount_under "$DIR"
  remove_cgroups
  restore_sysctls
  [[ -f "${DIR}/made-run-containerd" ]] && rm -rf /run/containerd
  rm -rf "$DIR"
  if leftovers; then
    log "down in $(since); nothing left"
  else
    die "down left the above behind"
  fi
}

remove_containers() {
  live_pid containerd >/dev/null || return 0
  local id
  for id in $(ctr_ tasks ls -q 2>/dev/null); do
    ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  for id in $(ctr_ tasks ls -q 2>/dev/null); do
    ctr_ tasks delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $(ctr_ containers ls -q 2>/dev/null); do
    ctr_ containers delete "$id" >/dev/null 2>&1 || true
  done
}

# Shims whose containerd was this one (they name its socket).
our_shims() {
  local pid
  for pid in $(pgrep -f containerd-shim 2>/dev/null); do
    tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q -- "-address ${CONTAINERD_SOCK}" && echo "$pid"
  done
  return 0
}

kill_shims() {
  local pid
  for pid in $(our_shims); do kill -KILL "$pid" 2>/dev/null || true; done
}

# Our chains: kube-proxy's and kubelet's (KUBE-*), CNI's (CNI-*), ours; and the rules in built-in chains that jump
# to them.
OUR_CHAINS='^(KUBE-|CNI-|AUDITSEAL-)'
remove_iptables() {
  local cmd table rule chain
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null 2>&1 || continue
    for table in filter nat mangle; do
      "$cmd" -w -t "$table" -S >/dev/null 2>&1 || continue
      while IFS= read -r rule; do
        # shellcheck disable=SC2086 # a rule spec as iptables -S prints it
        eval "$cmd -w -t $table ${rule/-A/-D}" 2>/dev/null || true
      done < <("$cmd" -w -t "$table" -S | grep -E '^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) ' | grep -E -- '-j (KUBE-|CNI-|AUDITSEAL-)')
      for chain in $("$cmd" -w -t "$table" -S | sed -n 's/^-N //p' | grep -E "$OUR_CHAINS"); do
        "$cmd" -w -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$cmd" -w -t "$table" -S | sed -n 's/^-N //p' | grep -E "$OUR_CHAINS"); do
        "$cmd" -w -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

# containerd's CNI makes one network namespace per pod, named cni-<uuid>, under /run/netns.
remove_netns() {
  local ns
  for ns in /run/netns/cni-*; do
    [[ -e "$ns" ]] || continue
    ip netns delete "$(basename "$ns")" 2>/dev/null || { umount -l "$ns" 2>/dev/null; rm -f "$ns"; }
  done
}

unmount_under() {
  local root="$1" target
  [[ -e "$root" ]] || return 0
  # Deepest first; kubelet makes its root directory a shared bind mount of itself.
  while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done < <(findmnt -rn -o TARGET | grep -E "^${root}(/|$)" | sort -r)
}

# kubelet (cgroupfs driver) puts pods under "kubepods" in every cgroup v1 hierarchy.
remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods /sys/fs/cgroup/unified/kubepods; do
    [[ -d "$dir" ]] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

# What a cluster of this script may leave behind, one line each; exit 1 if anything is.
leftovers() {
  local found=() pid comm name
  # Every daemon of this script names the state directory on its command line.
  local cmdline
  for pid in /proc/[0-9]*; do
    [[ "${pid#/proc/}" != "$$" ]] || continue
    cmdline="$(tr '\0' ' ' <"${pid}/cmdline" 2>/dev/null)" || continue
    [[ "$cmdline" == *"${DIR}"* ]] || continue
    comm="$(cat "${pid}/comm" 2>/dev/null)" || continue
    found+=("process ${comm} (pid ${pid#/proc/})")
  done
  for pid in $(our_shims); do found+=("process containerd-shim (pid ${pid})"); done
  for pid in $(pgrep -f "socat TCP-LISTEN:[0-9]*,bind=${NODE_IP}," 2>/dev/null); do found+=("process socat (pid ${pid})"); done
  ip link show "$BRIDGE" >/dev/null 2>&1 && found+=("interface ${BRIDGE}")
  for name in $(ip -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip -o link show "$name" | grep -q "master ${BRIDGE}" && found+=("interface ${name}")
  done
  ip route show "$SERVICE_CIDR" 2>/dev/null | grep -q . && found+=("route ${SERVICE_CIDR}")
  for name in /run/netns/cni-*; do [[ -e "$name" ]] && found+=("network namespace ${name}"); done
  local cmd table chain
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null 2>&1 || continue
    for table in filter nat mangle; do
      for chain in $("$cmd" -w -t "$table" -S 2>/dev/null | sed -n 's/^-N //p' | grep -E "$OUR_CHAINS"); do
        found+=("${cmd} chain ${table}/${chain}")
      done
    done
  done
  while read -r name; do found+=("mount ${name}"); done < <(findmnt -rn -o TARGET | grep -E "^${DIR}(/|$)|^/run/netns/cni-" || true)
  for name in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do [[ -d "$name" ]] && found+=("cgroup ${name}"); done
  [[ -S "$CONTAINERD_SOCK" ]] && ! pgrep -x containerd >/dev/null && found+=("stale socket ${CONTAINERD_SOCK}")
  [[ -e "$DIR" ]] && found+=("directory ${DIR}")
  ((${#found[@]} == 0)) && return 0
  printf '%s\n' "${found[@]}" | sed "s/^/${SCRIPT}: left: /" >&2
  return 1
}

# Pods reach the host only at the node address; services of the host (radosgw, ...) listen on loopback and must not
# listen on an outside interface. expose relays NODE_IP:PORT to 127.0.0.1:PORT, on the bridge address alone.
expose() {
  require_root
  (($# == 1)) && [[ "$1" =~ ^[0-9]+$ ]] || die "usage: $0 expose PORT"
  [[ -f "${DIR}/${MARKER}" ]] || die "not up"
  local port="$1"
  if live_pid "expose-${port}" >/dev/null; then
    log "127.0.0.1:${port} already exposed at ${NODE_IP}:${port}"
  else
    spawn "expose-${port}" socat "TCP-LISTEN:${port},bind=${NODE_IP},reuseaddr,fork" "TCP:127.0.0.1:${port}"
    wait_for "${NODE_IP}:${port} -> 127.0.0.1:${port}" "expose-${port}" listening "$port" || die "socat did not listen"
  fi
  echo "${NODE_IP}:${port}"
}

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -qF "${NODE_IP}:$1"; }

stop_exposed() {
  local file
  for file in "${DIR}"/run/expose-*.pid; do
    [[ -e "$file" ]] || continue
    file="$(basename "$file" .pid)"
    stop_daemons "$file"
  done
}

# kube-apiserver again, with new extra flags (replacing those it had): how an audit webhook is configured once the
# sink it points at runs. Everything else keeps running; clients reconnect.
restart_apiserver() {
  require_root
  [[ -f "${DIR}/${MARKER}" ]] && live_pid kube-apiserver >/dev/null || die "not up"
  parse_apiserver_args "$@"
  stop_daemons kube-apiserver
  start_apiserver
  echo "$URL"
}

status() {
  [[ -f "${DIR}/${MARKER}" ]] || { echo "not up"; return 1; }
  KUBECTL_BIN="${KUBE_CACHE}/kubectl"
  local name
  for name in "${DAEMONS[@]}"; do
    live_pid "$name" >/dev/null || { echo "${name} is not running"; return 1; }
  done
  node_ready || { echo "node ${NODE} is not Ready"; return 1; }
  echo "up at ${URL}"
}

print_env() {
  [[ -f "${DIR}/env" ]] || die "not up (no ${DIR}/env)"
  local line
  while IFS= read -r line; do
    printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
  done <"${DIR}/env"
}

import_image() {
  require_root
  (($# == 1)) && [[ -f "$1" ]] || die "usage: $0 import IMAGE-ARCHIVE (a docker-archive or OCI tar)"
  live_pid containerd >/dev/null || die "not up"
  ctr_ images import "$1"
}

cmd="${1:-}"
(($# > 0)) && shift
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  env) print_env ;;
  import) import_image "$@" ;;
  restart-apiserver) restart_apiserver "$@" ;;
  expose) expose "$@" ;;
  leftovers) leftovers ;;
  *)
    echo "usage: $0 up [-- apiserver-flags...]|down|status|env|import ARCHIVE|restart-apiserver [-- apiserver-flags...]|expose PORT|leftovers" >&2
    exit 2
    ;;
esac
