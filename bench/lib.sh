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
