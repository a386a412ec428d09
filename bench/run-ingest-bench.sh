#!/usr/bin/env bash
# Collector ingest throughput: embedded H2 and Elasticsearch, one after the other in one run.
# See docs/performance.md ("Collector ingest throughput").
#
#   bench/run-ingest-bench.sh [--runs 20000 --warmup 2000 --senders 16 --mode listener|batch --batch 50
#                              --stores embedded,elasticsearch,discard --es-url URL --es-refresh WAIT_FOR|NONE|IMMEDIATE
#                              --client jdk|urlconnection]
#
# Builds bench and the modules it depends on first (-am); set SKIP_BUILD=1 to reuse a build.
# JFR=/tmp/ingest.jfr records a Java Flight Recording (profile settings) of the collector + load JVM.
# CLASSES_FIRST=dir[:dir] is put before everything else on the class path: another build's collector
# classes, for before/after pairs in one session.
#   --client jdk|urlconnection: the load generator's HTTP client (jdk = the listener's, the default).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q package -pl bench -am -DskipTests
fi
jvm=(-Xmx2g)
if [[ -n "${JFR:-}" ]]; then
  # deep stacks: Jetty and Jackson frames alone pass JFR's default depth of 64
  jvm+=("-XX:FlightRecorderOptions=stackdepth=512" "-XX:StartFlightRecording=filename=$JFR,settings=profile")
fi
echo "# git HEAD: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- collector wire 2>/dev/null || echo ' + uncommitted collector/wire changes')"
echo "# machine: nproc $(nproc), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
if [[ -n "${CLASSES_FIRST:-}" ]]; then
  echo "# class path starts with: $CLASSES_FIRST"
fi
java "${jvm[@]}" -cp "${CLASSES_FIRST:+$CLASSES_FIRST:}bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.sparkplane.bench.ingest.IngestThroughputBench "$@"
echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
