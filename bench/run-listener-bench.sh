#!/usr/bin/env bash
# Runs one Sparkplane listener benchmark. See docs/performance.md for what each measures.
#
#   bench/run-listener-bench.sh size     [--tasks N --stages S --concurrent C] [--out DIR]
#   bench/run-listener-bench.sh memory   [--tasks 200000 --stages 200 --concurrent 4 --reps 5]
#   bench/run-listener-bench.sh overhead [--pairs 10 --tasks 20000 --warmup-tasks 2000 --sink dead|http]
#   bench/run-listener-bench.sh cost     [--tasks 20000 --runs 5]
#   bench/run-listener-bench.sh degraded [--mode blackhole|flapping --pairs 10 --tasks 20000 --period-ms 700]
#   bench/run-listener-bench.sh degraded-driver [--mode blackhole|flapping --pairs 40 --tasks 400 --period-ms 700]
#
# Builds bench and the modules it depends on first (-am); set SKIP_BUILD=1 to reuse a build.
# Do not rebuild or clean those modules while a benchmark runs: the JVMs load from their jars.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 ]]; then
  sed -n '2,11p' "$0"
  exit 2
fi
bench=$1
shift

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q package -pl bench -am -DskipTests
fi

classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
opens=$(sed -n 's/^spark\.java17\.opens=//p' bench/target/classes/io/sparkplane/bench/bench.properties)

# Provenance: which listener the figures belong to (other builds may replace jars meanwhile).
listener_jar=$(tr ':' '\n' <<<"$classpath" | grep -m1 'sparkplane-spark-listener' || true)
dirty=$(git diff --quiet HEAD -- wire spark-listener 2>/dev/null || echo " + uncommitted wire/spark-listener changes")
echo "# git HEAD: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty"
echo "# listener jar: $listener_jar ($(stat -c '%y' "$listener_jar" | cut -c1-19), sha256 $(sha256sum "$listener_jar" | cut -c1-12))"
echo "# machine: nproc $(nproc), loadavg $(cut -d' ' -f1-3 /proc/loadavg)"

case "$bench" in
  size) main=SummarySizeBench jvm=(-Xmx1g) ;;
  # Serial GC: System.gc() is then a full, compacting collection and used heap is exact.
  memory) main=ListenerMemoryBench jvm=(-Xmx1g -XX:+UseSerialGC) ;;
  # The parent only starts Spark subprocesses and computes statistics.
  overhead) main=ListenerOverheadBench jvm=(-Xmx256m) ;;
  # One Spark driver; the listener's own accounting (listenerCost) of each run.
  cost) main=ListenerCostBench jvm=(-Xmx2g) ;;
  # overhead's pairs against a black-holed or flapping collector (docs/reliability.md)
  degraded) main=DegradedCollectorOverheadBench jvm=(-Xmx256m) ;;
  # the same question as interleaved pairs of short jobs in one driver (tighter pairs)
  degraded-driver) main=DegradedCollectorInDriverBench jvm=(-Xmx2g) ;;
  *) echo "unknown benchmark '$bench': size, memory, overhead, cost, degraded or degraded-driver" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086 # the opens flags are meant to split
exec java "${jvm[@]}" $opens -cp "$classpath" "io.sparkplane.bench.$main" "$@"
