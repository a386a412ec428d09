package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.Timing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic runs as a listener would send them: {@code RUN_STARTED}, heartbeats, {@code
 * RUN_FINISHED}, each event with its own idempotent event id, so a resend is recognisable.
 */
final class SyntheticRuns {

  static final String TENANT = "acme";

  private static final ResourceConf RESOURCES =
      new ResourceConf("local[2]", "4.0.1", 4, 2, 4096L, 512L, 2048L, 200, true, true, true, false);

  private SyntheticRuns() {}

  static RunIdentity identity(String runId, String workload) {
    return new RunIdentity(runId, TENANT, "eu-west-1", workload, 1, "app-" + runId, "ETL", null);
  }

  /**
   * {@code runs} runs ({@code prefix-0}, {@code prefix-1}, …) sent as many listeners at once send
   * them: event i of every run, then event i+1, …, cut into batches of {@code batch} events.
   */
  static List<List<TelemetryEvent>> interleaved(
      String prefix, String workload, int runs, int heartbeats, int batch) {
    long submit = System.currentTimeMillis() - 3_600_000;
    List<List<TelemetryEvent>> perRun = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      perRun.add(run(prefix + "-" + r, workload, submit + r, heartbeats, RunStatus.SUCCEEDED));
    }
    List<TelemetryEvent> stream = new ArrayList<>();
    for (int i = 0; i < heartbeats + 2; i++) {
      for (List<TelemetryEvent> run : perRun) {
        stream.add(run.get(i));
      }
    }
    List<List<TelemetryEvent>> batches = new ArrayList<>();
    for (int i = 0; i < stream.size(); i += batch) {
      batches.add(List.copyOf(stream.subList(i, Math.min(stream.size(), i + batch))));
    }
    return batches;
  }

  /** Each of the {@link #interleaved} runs is stored {@code SUCCEEDED} with exactly its events. */
  static void assertRunsExact(IngestClient client, String prefix, int runs, int heartbeats)
      throws IOException, InterruptedException {
    for (int r = 0; r < runs; r++) {
      String runId = prefix + "-" + r;
      JsonNode run = client.json("/api/v1/runs/" + runId + "?tenant=" + TENANT);
      assertThat(run.path("eventCount").asLong()).as("eventCount of %s", runId).isEqualTo(heartbeats + 2);
      assertThat(run.path("status").asText()).as("status of %s", runId).isEqualTo("SUCCEEDED");
    }
  }

  /** Every event of one run, in the order a listener sends them. */
  static List<TelemetryEvent> run(
      String runId, String workload, long submitMs, int heartbeats, RunStatus status) {
    RunIdentity id = identity(runId, workload);
    List<TelemetryEvent> events = new ArrayList<>(heartbeats + 2);
    events.add(TelemetryEvent.started(id, submitMs + 100, new RunStarted(submitMs, RESOURCES)));
    for (int i = 1; i <= heartbeats; i++) {
      Progress p = new Progress(1, 0, 0, 1, 0, 0, 10L * i, 0);
      events.add(
          TelemetryEvent.heartbeat(id, submitMs + 1_000L * i, new Heartbeat(p, 1L << 28, 1L << 30)));
    }
    long end = submitMs + 1_000L * (heartbeats + 1);
    events.add(TelemetryEvent.finished(id, end, summary(submitMs, end, status)));
    return events;
  }

  private static RunSummary summary(long submitMs, long endMs, RunStatus status) {
    Failure failure =
        status == RunStatus.FAILED
            ? new Failure(
                "org.apache.spark.SparkException",
                "Job aborted due to stage failure: java.lang.OutOfMemoryError: Java heap space",
                List.of("java.lang.OutOfMemoryError: Java heap space"),
                0,
                1,
                List.of(),
                List.of(),
                0)
            : null;
    return new RunSummary(
        status,
        new Timing(submitMs, submitMs + 100, endMs, endMs - submitMs - 100, null),
        failure,
        RESOURCES,
        MetricTotals.ZERO,
        new Progress(0, 3, status == RunStatus.FAILED ? 1 : 0, 0, 7, 0, 700, 0),
        List.of(),
        0,
        MetricTotals.ZERO,
        List.of(),
        ListenerStats.NONE);
  }
}
