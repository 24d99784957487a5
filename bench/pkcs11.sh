#!/usr/bin/env bash
# Ed25519 checkpoint signing through PKCS#11 (SoftHSM2) against Bouncy Castle in memory: Pkcs11SignBenchmark.
# Makes a throwaway SoftHSM token with scripts/softhsm.sh (which installs SoftHSM as root when it is missing), builds
# AuditSeal and the benchmarks as bench/run.sh does, and runs JMH. Extra arguments go to JMH.
# Results: bench/target/pkcs11-results.json and the console table.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
scripts/softhsm.sh setup "$WORK/softhsm/softhsm2.conf"
scripts/softhsm.sh token "$WORK/softhsm/softhsm2.conf" bench bench-pin bench-so-pin
# SoftHSM reads its configuration when the benchmark's JVM loads it; JMH's forks inherit the environment.
export SOFTHSM2_CONF="$WORK/softhsm/softhsm2.conf"
export BENCH_PKCS11_LIBRARY="$(scripts/softhsm.sh library)" BENCH_PKCS11_TOKEN=bench BENCH_PKCS11_PIN=bench-pin
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
java -jar bench/target/benchmarks.jar -rf json -rff bench/target/pkcs11-results.json Pkcs11SignBenchmark "$@"
