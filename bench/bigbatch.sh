#!/usr/bin/env bash
# Big batches (issue "Nothing hidden, nothing refused, nothing secret", finding 3): with the apiserver's truncation off
# a batch has no size bound. Posts, to a sink with the bench's 192 MiB heap, one streamed batch of 1 GiB of 1 MiB
# events (kept whole) and one of 40 events of 20 MiB (over the 8 MiB record limit: OversizeRecords), then lets the
# sealer drain them to a directory store. Reports each batch's time and the server's peak RSS: memory must not grow
# with the batch.
#   bench/bigbatch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
WORK=$(mktemp -d /tmp/auditseal-bigbench.XXXXXX)
SERVER=
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
make_tls
write_directory_chain "{maxRecords: 10000, maxDelay: 2s}"
start_sink
big() {
  java -Xmx256m -cp bench/target/benchmarks.jar io.auditseal.bench.BigBatchLoad https://localhost:18443/v1/audit/bench/bench \
    bench-token "$WORK/tls.crt" "$SERVER" "$@"
}
big 1024 1048576 whole
big 40 20971520 oversize
start=$(date +%s.%N)
while :; do
  pending=$(curl -sk https://127.0.0.1:18443/q/metrics | awk '/^auditseal_journal_pending_records\{/ {print $2}')
  [ "${pending%.*}" = "0" ] && break
  sleep 0.5
done
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SERVER/status")
echo "journal drained to the store in $(echo "$(date +%s.%N) - $start" | bc) s; server RSS high-water mark $rss MiB"
echo "store: $(du -sm "$WORK/store" | cut -f1) MiB in $(find "$WORK/store" -name manifest.json | wc -l) seals"
