package io.sparkplane.bench.ingest;

import java.util.Locale;

/**
 * What one store sustained.
 *
 * @param runs runs posted (two events each)
 * @param requests HTTP requests that carried them
 * @param elapsedNs wall time from the first request to the last acknowledgement
 * @param p50Ns median latency of a request (first attempt to 200)
 * @param p99Ns 99th percentile of the same
 * @param maxNs slowest request
 * @param acceptedEvents events the collector reported as newly stored
 * @param unavailable 503 answers (each retried)
 * @param gzipBytesPerRun request body bytes per run, as sent
 */
record IngestResult(
    int runs, int requests, long elapsedNs, long p50Ns, long p99Ns, long maxNs, long acceptedEvents,
    long unavailable, long gzipBytesPerRun) {

  double runsPerSecond() {
    return runs / (elapsedNs / 1e9);
  }

  String row(String store) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.1f | %,.0f | %.1f | %.1f | %.1f | %d | %d |",
        store, runs, requests, elapsedNs / 1e9, runsPerSecond(), p50Ns / 1e6, p99Ns / 1e6, maxNs / 1e6,
        unavailable, gzipBytesPerRun);
  }

  static String header() {
    return "| store | runs | requests | seconds | runs/s | p50 ms | p99 ms | max ms | 503s | gzip B/run |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
  }
}
