#!/usr/bin/env bash
# Verifier benchmark against S3 (issue 6): the chain of bench/verify.sh, uploaded to a locked bucket on the
# radosgw of scripts/radosgw.sh (started if needed), then `auditseal verify` over S3 with the lock checks.
#   bench/verify-s3.sh [records, default 200000] [records per seal, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-200000}
PER_SEAL=${2:-10000}
WORK=$(mktemp -d /tmp/auditseal-verifys3bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
bash scripts/radosgw.sh start >/dev/null
eval "$(bash scripts/radosgw.sh env)"  # S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY
BUCKET=verifybench-$(date +%s)
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
java -cp bench/target/benchmarks.jar io.auditseal.bench.MakeDirectoryChain \
  src/test/resources/io/auditseal/ingest/apiserver-v1.23-eventlist-ns-configmap.json "$WORK" "$RECORDS" "$PER_SEAL"
java -cp bench/target/benchmarks.jar io.auditseal.bench.MakeLockedBucket "$S3_ENDPOINT" \
  "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$BUCKET"
java -cp bench/target/benchmarks.jar io.auditseal.bench.UploadChain "$WORK/store" "$S3_ENDPOINT" \
  "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$BUCKET"
start=$(date +%s.%N)
java -jar target/quarkus-app/quarkus-run.jar verify --s3-endpoint "$S3_ENDPOINT" --bucket "$BUCKET" \
  --path-style --access-key "$S3_ACCESS_KEY" --secret-key "$S3_SECRET_KEY" --chain bench/chain --vkey-file "$WORK/chain.vkey" --require-mode COMPLIANCE
end=$(date +%s.%N)
echo "verified $RECORDS records over S3 in $(echo "$end - $start" | bc -l | xargs printf '%.2f') s = $(echo "$RECORDS / ($end - $start)" | bc -l | xargs printf '%.0f') records/s (wall clock, JVM start included)"
