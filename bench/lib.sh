# Shared by the bench scripts (sourced, needs WORK and, for load, SERVER): throwaway TLS for localhost, waiting for
# the sink on port 18443, and the load generator posting to chain bench/bench.
FIXTURE=src/test/resources/io/auditseal/ingest/apiserver-v1.23-eventlist-ns-configmap.json

make_tls() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" \
    -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
}

wait_ready() {
  for _ in $(seq 1 100); do
    curl -skf https://127.0.0.1:18443/q/health/ready >/dev/null && return 0
    sleep 0.2
  done
  echo "the sink did not become ready; see $WORK/server.log" >&2
  return 1
}

load() {
  java -Xmx512m -cp bench/target/benchmarks.jar io.auditseal.bench.IngestLoad https://localhost:18443/v1/audit/bench/bench \
    bench-token "$WORK/tls.crt" "$FIXTURE" "$SERVER" "$@"
}

# One chain, bench/bench, on a directory store under $WORK, with the batch policy $1 (a YAML flow mapping).
write_directory_chain() {
  mkdir -p "$WORK/config"
  cat > "$WORK/config/chain.yaml" <<YAML
apiVersion: auditseal.io/v1alpha1
kind: AuditChain
metadata: {name: bench, namespace: bench}
spec:
  clusterName: bench
  batch: $1
  storage: {directory: {path: $WORK/store}}
  auth: {tokenSecretRef: {name: token, key: token}}
---
apiVersion: v1
kind: Secret
metadata: {name: token, namespace: bench}
stringData: {token: bench-token}
YAML
}

# Starts the sink on a fresh data directory with the chains of $WORK/config (JVM options: AUDITSEAL_JAVA_OPTS, then
# the arguments); sets SERVER.
start_sink() {
  rm -rf "$WORK/data" "$WORK/store"
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} java ${AUDITSEAL_JAVA_OPTS:--Xmx192m -XX:+UseSerialGC} "$@" \
    -Dauditseal.journal.cap-bytes=100000000000 \
    -jar target/quarkus-app/quarkus-run.jar serve --standalone --config "$WORK/config" --data "$WORK/data" \
    --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key" --bind 127.0.0.1 --port 18443 > "$WORK/server.log" 2>&1 &
  SERVER=$!
  wait_ready
}
