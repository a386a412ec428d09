#!/usr/bin/env bash
# How much of a dying driver's climb its last heartbeat shows: runs spark-listener's OutOfHeapDriver
# (local Spark, -Xmx512m, -XX:+ExitOnOutOfMemoryError, a collect far larger than the heap, every
# event printed as it leaves the listener) N times with a GC log, and prints per run the heap after
# GC / max of the last heartbeat against the highest the GC log shows. See docs/telemetry.md.
#
#   bench/scripts/early-heartbeats.sh [runs, default 5] [heartbeat interval, default 1s]
#
# Builds spark-listener's test classes first; SKIP_BUILD=1 reuses them. OUT=dir keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
interval=${2:-1s}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q install -pl wire -DskipTests
  mvn -q test-compile dependency:build-classpath -pl spark-listener \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
fi
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
cp="spark-listener/target/test-classes:spark-listener/target/classes:$(cat spark-listener/target/test-classpath.txt)"
echo "# git HEAD: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- spark-listener || echo ' + uncommitted spark-listener changes')"
echo "# machine: nproc $(nproc), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ); heartbeat interval $interval; logs in $out"
for i in $(seq 1 "$runs"); do
  # shellcheck disable=SC2086
  java -Xmx512m -XX:+ExitOnOutOfMemoryError "-Xlog:gc:file=$out/gc-$i.log:uptime" $opens -cp "$cp" \
    io.sparkplane.listener.OutOfHeapDriver "$interval" > "$out/driver-$i.out" 2> "$out/driver-$i.err" || true
  python3 - "$out/driver-$i.out" "$out/gc-$i.log" "$i" <<'PY'
import json, re, sys
events, gc, run = sys.argv[1], sys.argv[2], sys.argv[3]
beats = []
for line in open(events, encoding="utf-8", errors="replace"):
    if not line.startswith("{"):
        continue
    try:
        e = json.loads(line)
    except ValueError:
        continue  # the JVM died mid-line
    hb = e.get("heartbeat")
    if e.get("type") == "HEARTBEAT" and hb and hb.get("driverHeapAfterGcBytes") is not None:
        beats.append(hb["driverHeapAfterGcBytes"] / hb["driverHeapMaxBytes"])
after = []  # "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 300M->290M(512M) 12.3ms"
for line in open(gc):
    m = re.search(r"->(\d+)M\((\d+)M\)", line)
    if m:
        after.append(int(m.group(1)) / 512)  # of -Xmx, as the listener's max
last = beats[-1] if beats else float("nan")
top = max(after) if after else float("nan")
print(f"run {run}: heartbeats with the figure {len(beats)}, last {last:.3f}; GC log: {len(after)} collections, highest after GC {top:.3f}; shortfall {top - last:+.3f}")
PY
done
echo "# loadavg at end $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
