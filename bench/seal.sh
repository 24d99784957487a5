#!/usr/bin/env bash
# Sealing benchmark (issue 4): HTTPS ingest -> journal -> seal -> radosgw on loopback -> read-back, end to end.
# The load generator posts 400-event batches of 1.5 KB events at a fixed rate; the script reports how many records
# were sealed per second in the measured window, the seal latency (oldest record accepted -> seal verified in
# storage), the backlog left, the server's RSS and where sealing time went.
#   bench/seal.sh [events/s, default 20000] [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
RATE=${1:-20000}
SECONDS_PER_RUN=${2:-60}
WORK=$(mktemp -d /tmp/auditseal-sealbench.XXXXXX)
SERVER=
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
scripts/radosgw.sh start >/dev/null
# shellcheck disable=SC1091
source <(scripts/radosgw.sh env)
BUCKET="auditseal-bench-$(date +%s)"
java -cp bench/target/benchmarks.jar io.auditseal.bench.MakeLockedBucket "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$BUCKET"

make_tls
mkdir -p "$WORK/config"
cat > "$WORK/config/chain.yaml" <<YAML
apiVersion: auditseal.io/v1alpha1
kind: AuditChain
metadata: {name: bench, namespace: bench}
spec:
  clusterName: bench
  batch: {maxRecords: 10000, maxDelay: 10s}
  retention: {mode: COMPLIANCE, days: 1}
  storage:
    s3: {endpoint: "$S3_ENDPOINT", region: us-east-1, bucket: $BUCKET, pathStyle: true, credentialsSecretRef: {name: s3}}
  auth: {tokenSecretRef: {name: token, key: token}}
---
apiVersion: v1
kind: Secret
metadata: {name: s3, namespace: bench}
stringData: {AWS_ACCESS_KEY_ID: $S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: $S3_SECRET_KEY}
---
apiVersion: v1
kind: Secret
metadata: {name: token, namespace: bench}
stringData: {token: bench-token}
YAML

start_sink

metric() { curl -sk https://127.0.0.1:18443/q/metrics | awk -v m="$1" '$1 ~ "^"m {v=$2} END {print v+0}'; }

# Warm-up at half the rate: the JVMs compile their hot code without building a backlog that the measured window
# would then spend its time draining (the target is the steady state at the full rate).
load 8 400 1500 60 "$((RATE / 2))" warmup
backlog_before=$(metric 'auditseal_journal_pending_records')
seals_before=$(metric 'auditseal_seals_total')
before=$(metric auditseal_sealed_records_total)
start=$(date +%s.%N)
# Batch numbers past the warm-up's, so that no measured event is a duplicate the server would drop.
load 8 400 1500 "$SECONDS_PER_RUN" "$RATE" "sealing-at-$RATE" 0 1000000
after=$(metric auditseal_sealed_records_total)
seals_after=$(metric 'auditseal_seals_total')
end=$(date +%s.%N)
backlog_after=$(metric 'auditseal_journal_pending_records')
echo "sealed in the measured window: $(echo "($after - $before) / ($end - $start)" | bc -l | xargs printf '%.0f') records/s"
echo "journal backlog (journaled, not yet sealed): $backlog_before records before the window, $backlog_after after"
# Sealing alone: with the load stopped, how fast does a backlog drain (same seals, no ingest competing)? Only
# meaningful when there is more than the last partial batch, which waits for its maxDelay.
if [ "${backlog_after%.*}" -gt 20000 ]; then
  drain_start=$(date +%s.%N)
  while [ "$(metric 'auditseal_journal_pending_records' | cut -d. -f1)" -ge 10000 ]; do sleep 0.5; done
  drain_end=$(date +%s.%N)
  echo "sealing with no ingest load: backlog of ${backlog_after%.*} drained at $(echo "(${backlog_after%.*} - 10000) / ($drain_end - $drain_start)" | bc -l | xargs printf '%.0f') records/s"
fi
sleep 12 # the last partial batch seals after maxDelay
# Seal latency of the seals finished in the measured window, from the server's "sealed ... as seal N ... T ms after
# its oldest record was accepted" lines (the metric's quantiles would also cover the warm-up).
awk -v lo="$seals_before" -v hi="$seals_after" '/ sealed [0-9]+ records as seal / {
    for (i = 1; i <= NF; i++) { if ($i == "seal") seq = $(i + 1) + 0; if ($i == "ms") ms = $(i - 1) + 0 }
    if (seq >= lo && seq < hi) print ms }' "$WORK/server.log" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "no seal finished in the measured window"; exit }
    p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
    printf "seal latency (oldest record accepted -> seal verified) over the window'"'"'s %d seals: p50 %.1f s, p99 %.1f s, max %.1f s\n",
      NR, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
echo "mean time per seal by phase, seconds (and seals):"
curl -sk https://127.0.0.1:18443/q/metrics | awk '/^auditseal_seal_phase_seconds_(sum|count)/ {
  match($0, /phase="[a-z]+"/); p = substr($0, RSTART + 7, RLENGTH - 8);
  if ($0 ~ /_sum/) s[p] = $2; else c[p] = $2 }
  END { for (p in s) printf "  %-12s %.3f s  (%d seals)\n", p, s[p] / c[p], c[p] }'
echo "server RSS now: $(grep VmRSS /proc/$SERVER/status | awk '{print int($2/1024)}') MiB"
