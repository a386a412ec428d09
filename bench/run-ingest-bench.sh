#!/usr/bin/env bash
# Collector ingest throughput: embedded H2 and Elasticsearch, one after the other in one run.
# See docs/performance.md ("Collector ingest throughput").
#
#   bench/run-ingest-bench.sh [--runs 20000 --warmup 2000 --senders 16 --mode listener|batch --batch 50
#                              --stores embedded,elasticsearch --es-url URL --es-refresh WAIT_FOR|NONE|IMMEDIATE]
#
# Builds bench and the modules it depends on first (-am); set SKIP_BUILD=1 to reuse a build.
# JFR=/tmp/ingest.jfr records a Java Flight Recording (profile settings) of the collector + load JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q package -pl bench -am -DskipTests
fi
jvm=(-Xmx2g)
if [[ -n "${JFR:-}" ]]; then
  jvm+=("-XX:StartFlightRecording=filename=$JFR,settings=profile")
fi
echo "# git HEAD: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- collector wire 2>/dev/null || echo ' + uncommitted collector/wire changes')"
echo "# machine: nproc $(nproc), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
java "${jvm[@]}" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.sparkplane.bench.ingest.IngestThroughputBench "$@"
echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
