#!/usr/bin/env bash
# Verifier benchmark (issue 6): `auditseal verify` over a directory store of realistic 1.5 KB events.
#   bench/verify.sh [records, default 500000] [records per seal, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-500000}
PER_SEAL=${2:-10000}
WORK=$(mktemp -d /tmp/auditseal-verifybench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
java -cp bench/target/benchmarks.jar io.auditseal.bench.MakeDirectoryChain \
  src/test/resources/io/auditseal/ingest/apiserver-v1.23-eventlist-ns-configmap.json "$WORK" "$RECORDS" "$PER_SEAL"
echo "store size: $(du -sh "$WORK/store" | cut -f1)"
start=$(date +%s.%N)
java -jar target/quarkus-app/quarkus-run.jar verify --store-dir "$WORK/store" --chain bench/chain --vkey-file "$WORK/chain.vkey"
end=$(date +%s.%N)
echo "verified $RECORDS records in $(echo "$end - $start" | bc -l | xargs printf '%.2f') s = $(echo "$RECORDS / ($end - $start)" | bc -l | xargs printf '%.0f') records/s (wall clock, JVM start included)"
