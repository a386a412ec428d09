package io.sparkplane.bench.ingest;

import java.util.Locale;

/**
 * What one store sustained.
 *
 * @param runs runs posted ({@link RealisticRuns#EVENTS_PER_RUN} events each)
 * @param requests HTTP requests that carried them
 * @param elapsedNs wall time from the first request to the last acknowledgement
 * @param p50Ns median latency of a request (first attempt to 200)
 * @param p95Ns 95th percentile of the same
 * @param p99Ns 99th percentile of the same
 * @param maxNs slowest request
 * @param acceptedEvents events the collector reported as newly stored
 * @param unavailable 503 answers (each retried)
 * @param gzipBytesPerRun request body bytes per run, as sent
 * @param processCpuNs CPU time of the whole bench JVM (collector and load generator) over the run
 * @param loadCpuNs CPU time of the load generator's threads alone
 */
record IngestResult(
    int runs, int requests, long elapsedNs, long p50Ns, long p95Ns, long p99Ns, long maxNs, long acceptedEvents,
    long unavailable, long gzipBytesPerRun, long processCpuNs, long loadCpuNs) {

  double runsPerSecond() {
    return runs / (elapsedNs / 1e9);
  }

  /** CPU of the whole bench JVM per run, in milliseconds. */
  double cpuMsPerRun() {
    return processCpuNs / 1e6 / runs;
  }

  /** CPU of the bench JVM without the load generator's threads, per run, in milliseconds. */
  double collectorCpuMsPerRun() {
    return (processCpuNs - loadCpuNs) / 1e6 / runs;
  }

  String row(String store) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.1f | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %.2f | %.0f%% | %.2f | %.2f |",
        store, runs, requests, elapsedNs / 1e9, runsPerSecond(), p50Ns / 1e6, p95Ns / 1e6, p99Ns / 1e6,
        maxNs / 1e6, unavailable, gzipBytesPerRun, processCpuNs / (double) elapsedNs,
        100.0 * loadCpuNs / Math.max(1, processCpuNs), cpuMsPerRun(), collectorCpuMsPerRun());
  }

  static String header() {
    return "| store | runs | requests | seconds | runs/s | p50 ms | p95 ms | p99 ms | max ms | 503s | gzip B/run"
        + " | JVM cores busy | load generator share of JVM CPU | JVM CPU ms/run | without load generator ms/run |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
  }
}
