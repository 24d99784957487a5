#!/usr/bin/env bash
# Builds the AuditSeal container image from src/main/docker/Dockerfile.jvm and saves it as a docker-archive, ready
# for `kind load image-archive`, `docker load`, `ctr images import` or scripts/local-cluster.sh import.
#
#   scripts/image.sh build    build target/quarkus-app first (./mvnw -B package -DskipTests); writes
#                             target/auditseal-image.tar and prints its path
#   scripts/image.sh name     print the image name: docker.io/library/auditseal:<the chart's appVersion>, the name
#                             the chart's default values use, so that pullPolicy IfNotPresent never pulls
#
# With a running Docker daemon (or IMAGE_BUILDER=docker) it is a plain `docker build`, on the Dockerfile's default
# base (eclipse-temurin:17-jre). Without one (IMAGE_BUILDER=podman, the default here) nothing can be pulled: podman
# builds the same Dockerfile on a base made locally by mmdebstrap (Debian bookworm with openjdk-17-jre-headless),
# cached per machine. Root only in podman mode (apt, chroot). Podman keeps its storage in the cache directory, on the
# vfs driver: no mount outlives the build. See docs/HELM.md, "The image".
#
# Same inputs, same image: file times inside the base come from SOURCE_DATE_EPOCH, and image and layer times from
# the last commit's time (podman build --timestamp). The base follows the Debian mirror: delete the cache for newer
# packages.
#
# Environment:
#   IMAGE_BUILDER      docker | podman (default: docker if its daemon answers, podman otherwise)
#   IMAGE_CACHE        the base and podman's storage (default ~/.cache/auditseal/image)
#   DEBIAN_MIRROR      where mmdebstrap gets packages (http://deb.debian.org/debian)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${IMAGE_CACHE:-${HOME}/.cache/auditseal/image}"
DIR="$CACHE"
LOG_DIR="${CACHE}/log"
TIMEOUT=60
SCRIPT="image.sh"
# shellcheck source=lib/common.sh
. "${ROOT}/scripts/lib/common.sh"

DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DOCKERFILE="${ROOT}/src/main/docker/Dockerfile.jvm"
OUTPUT="${ROOT}/target/auditseal-image.tar"
# What the Dockerfile needs of its base: a JRE 17 on PATH, groupadd/useradd, CA certificates.
BASE_PACKAGES="openjdk-17-jre-headless,ca-certificates,passwd"
BASE_TAR="${CACHE}/base/bookworm-jre17.tar"
BASE_IMAGE="localhost/auditseal-base:bookworm-jre17"
# A fixed time for the base's files: same packages, same bytes.
BASE_EPOCH=1700000000

image_name() {
  local version
  version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "${ROOT}/helm/auditseal/Chart.yaml")"
  [[ -n "$version" ]] || die "no appVersion in helm/auditseal/Chart.yaml"
  echo "docker.io/library/auditseal:${version}"
}

builder() {
  if [[ -n "${IMAGE_BUILDER:-}" ]]; then
    [[ "$IMAGE_BUILDER" == docker || "$IMAGE_BUILDER" == podman ]] || die "IMAGE_BUILDER must be docker or podman"
    echo "$IMAGE_BUILDER"
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo docker
  else
    echo podman
  fi
}

podman_() {
  podman --root "${CACHE}/podman/root" --runroot "${CACHE}/podman/run" --storage-driver vfs \
    --runtime runc --cgroup-manager cgroupfs --events-backend file "$@"
}

ensure_tools() {
  local missing=() tool
  for tool in podman mmdebstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  # runc: podman's runtime here (crun refuses this VM's hybrid cgroups; the build itself runs in a chroot).
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  ((${#missing[@]} == 0)) || apt_install "" "${missing[@]}"
}

# A Debian rootfs with the JRE, made once per machine.
ensure_base() {
  if [[ ! -s "$BASE_TAR" ]]; then
    log "making the base image with mmdebstrap (bookworm: ${BASE_PACKAGES}), once per machine"
    mkdir -p "$(dirname "$BASE_TAR")"
    # The JRE's postinst registers man pages with update-alternatives; without the directory it fails.
    SOURCE_DATE_EPOCH="$BASE_EPOCH" mmdebstrap --variant=essential --include="$BASE_PACKAGES" --format=tar \
      --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
      bookworm "${BASE_TAR}.part" "$DEBIAN_MIRROR" >"${LOG_DIR}/mmdebstrap.log" 2>&1 ||
      { tail -n 20 "${LOG_DIR}/mmdebstrap.log" >&2; rm -f "${BASE_TAR}.part"; die "mmdebstrap failed (${LOG_DIR}/mmdebstrap.log)"; }
    mv "${BASE_TAR}.part" "$BASE_TAR"
  fi
  podman_ image exists "$BASE_IMAGE" ||
    podman_ import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      "$BASE_TAR" "$BASE_IMAGE" >>"${LOG_DIR}/podman.log"
}

build() {
  [[ -f "${ROOT}/target/quarkus-app/quarkus-run.jar" ]] ||
    die "no target/quarkus-app: run ./mvnw -B package -DskipTests first"
  mkdir -p "$LOG_DIR" "$(dirname "$OUTPUT")"
  local name epoch
  name="$(image_name)"
  epoch="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo "$BASE_EPOCH")"
  rm -f "$OUTPUT"
  case "$(builder)" in
    docker)
      log "building ${name} with docker"
      docker build -f "$DOCKERFILE" -t "$name" "$ROOT" >&2
      docker save -o "$OUTPUT" "$name"
      ;;
    podman)
      [[ "$(id -u)" -eq 0 ]] || die "podman mode runs as root (apt, mmdebstrap, chroot builds); or set IMAGE_BUILDER=docker"
      ensure_tools
      ensure_base
      log "building ${name} with podman on ${BASE_IMAGE}"
      podman_ build --pull=never --isolation chroot --timestamp "$epoch" \
        --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
        --build-arg "BASE_IMAGE=${BASE_IMAGE}" -f "$DOCKERFILE" -t "$name" "$ROOT" >>"${LOG_DIR}/podman.log" 2>&1 ||
        { tail -n 20 "${LOG_DIR}/podman.log" >&2; die "podman build failed (${LOG_DIR}/podman.log)"; }
      podman_ save --format docker-archive -o "$OUTPUT" "$name" >>"${LOG_DIR}/podman.log" 2>&1
      # Only the base stays in the cache: the next build starts from the same state.
      podman_ rmi "$name" >>"${LOG_DIR}/podman.log" 2>&1 || true
      ;;
  esac
  log "${name} saved to ${OUTPUT} ($(du -h "$OUTPUT" | cut -f1)) in $(since)"
  echo "$OUTPUT"
}

case "${1:-}" in
  build) build ;;
  name) image_name ;;
  *) echo "usage: $0 build|name" >&2; exit 2 ;;
esac
