#!/usr/bin/env bash
# Builds AuditSeal and the JMH benchmarks, then runs them. Extra arguments go to JMH, e.g. a benchmark regex:
#   bench/run.sh TlogBenchmark.leaf
# Results: bench/target/results.json (JMH JSON) and the console table.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
java -jar bench/target/benchmarks.jar -rf json -rff bench/target/results.json "$@"
