#!/usr/bin/env bash
# Ingest benchmark (issue 3): the packaged server on HTTPS with synced journal writes, loaded by IngestLoad with
# real kube-apiserver events. Runs a closed-loop throughput test, then the open-loop latency test at 4,000 events/s.
#   bench/ingest.sh [seconds per run, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
SECONDS_PER_RUN=${1:-60}
WORK=$(mktemp -d /tmp/auditseal-bench.XXXXXX)
SERVER=
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package

# Throwaway TLS material for localhost.
make_tls
# The chain seals to a directory; $1 is its batch spec. The throughput phase measures durable ingest alone, so there
# the chain seals nothing during the run (the sealer only peeks at the journal); the latency phase seals as usual.
start_server() {
  start_sink -Xlog:gc:file="$WORK/gc.log"
}
gc_pauses() {
  cp "$WORK/gc.log" /tmp/auditseal-bench-gc.log
  grep -oE 'Pause.* ([0-9.]+)ms$' "$WORK/gc.log" | awk '{ms = $NF; sub("ms", "", ms); n++; t += ms; if (ms + 0 > m) m = ms + 0}
    END { printf "server GC pauses: %d, %.0f ms in total, longest %.1f ms\n", n, t, m }'
}
stop_server() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

PHASES=${PHASES:-throughput latency}

# Throughput ceiling: 8 senders posting 400-event batches as fast as they are acknowledged.
if [[ " $PHASES " == *" throughput "* ]]; then
write_directory_chain "{maxRecords: 1000000, maxSize: 100Gi, maxDelay: 1h}"
start_server
load 8 400 1500 "$SECONDS_PER_RUN" 0 throughput 10
echo "journal on disk after the throughput run: $(du -sh "$WORK/data/journal" | cut -f1)"
stop_server
fi

# Acknowledgement latency at kube-apiserver's default ceiling (10 batches/s of 400), on a fresh server.
if [[ " $PHASES " == *" latency "* ]]; then
write_directory_chain "{maxRecords: 10000, maxDelay: 10s}"
start_server
load 8 400 1500 "$SECONDS_PER_RUN" 4000 "latency-at-4000" 20
gc_pauses
echo "server-side acknowledgement time (parse + journal), from /q/metrics:"
curl -sk https://127.0.0.1:18443/q/metrics | grep -E '^auditseal_ingest_ack_seconds(_max|\{.*quantile)' || true
echo "server-side whole request (Vert.x: body received -> response written), from /q/metrics:"
curl -sk https://127.0.0.1:18443/q/metrics | grep -E '^http_server_requests_seconds_(max|count|sum)\{.*v1/audit' || true
stop_server
fi
echo "journal on disk: $(du -sh "$WORK/data/journal" | cut -f1)"
