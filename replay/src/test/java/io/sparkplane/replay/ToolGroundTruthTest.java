package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays real event logs whose aggregates other tools computed (spark-rapids-tools' profiler,
 * Sparklens, Sparklint; see {@code src/test/resources/eventlogs/README.md}) and requires exact
 * agreement on every aggregate both sides carry.
 */
class ToolGroundTruthTest {

  @TempDir Path dir;

  @Test
  @DisplayName("The rapids join log's stages equal the profiler's per-stage task metric sums")
  void rapidsStagesAgreeWithProfiler() throws Exception {
    RunSummary summary = replay("rapids_join_eventlog.json");
    List<Map<String, String>> rows = csv("rapids_join_eventlog_stagemetricsagg_expectation.csv");
    assertThat(rows).hasSize(4);
    assertThat(summary.stages()).hasSize(4);

    SoftAssertions soft = new SoftAssertions();
    for (Map<String, String> row : rows) {
      int id = Integer.parseInt(row.get("id"));
      StageSummary stage = stage(summary, id);
      String at = "stage " + id + " ";
      MetricTotals t = stage.totals();
      soft.assertThat(t.tasks()).as(at + "numTasks").isEqualTo(longOf(row, "numTasks"));
      soft.assertThat(stage.durationMs()).as(at + "duration").isEqualTo(longOf(row, "duration"));
      soft.assertThat((long) stage.taskDurationMs().max())
          .as(at + "durationMax")
          .isEqualTo(longOf(row, "durationMax"));
      soft.assertThat(t.executorCpuTimeNs() / 1_000_000)
          .as(at + "executorCPUTimeSum")
          .isEqualTo(longOf(row, "executorCPUTimeSum"));
      assertRapidsSums(soft, at, t, row);
    }
    soft.assertAll();
  }

  @Test
  @DisplayName("The rapids join log's run totals equal the profiler's sums over its one job")
  void rapidsRunAgreesWithProfilerJob() throws Exception {
    RunSummary summary = replay("rapids_join_eventlog.json");
    List<Map<String, String>> rows = csv("rapids_join_eventlog_jobmetricsagg_expectation.csv");
    assertThat(rows).hasSize(1);
    assertThat(summary.progress().completedJobs()).isEqualTo(1);
    assertThat(summary.progress().failedJobs()).isZero();
    assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(summary.totals().tasks()).as("numTasks").isEqualTo(longOf(rows.get(0), "numTasks"));
    assertRapidsSums(soft, "job 0 ", summary.totals(), rows.get(0));
    soft.assertAll();
  }

  @Test
  @DisplayName("The profiler's job CPU time is its stage CPU times, each cut to whole milliseconds")
  void rapidsJobCpuTimeIsSumOfStageMilliseconds() throws Exception {
    RunSummary summary = replay("rapids_join_eventlog.json");
    Map<String, String> job = csv("rapids_join_eventlog_jobmetricsagg_expectation.csv").get(0);
    long stageMillis =
        summary.stages().stream().mapToLong(s -> s.totals().executorCpuTimeNs() / 1_000_000).sum();
    assertThat(stageMillis).isEqualTo(longOf(job, "executorCPUTimeSum"));
    // The run's exact nanoseconds round to a little more than the sum of truncated stage values.
    assertThat(summary.totals().executorCpuTimeNs() / 1_000_000)
        .isBetween(stageMillis, stageMillis + summary.stages().size());
  }

  /**
   * The columns spark-rapids-tools and our totals both carry. {@code durationSum/Min/Avg} (task
   * wall time) and {@code resultSizeMax} have no counterpart in a summary; CPU time, in
   * milliseconds there and nanoseconds here, is compared per stage.
   */
  private static void assertRapidsSums(
      SoftAssertions soft, String at, MetricTotals t, Map<String, String> row) {
    soft.assertThat(t.executorRunTimeMs()).as(at + "executorRunTimeSum").isEqualTo(longOf(row, "executorRunTimeSum"));
    soft.assertThat(t.jvmGcTimeMs()).as(at + "jvmGCTimeSum").isEqualTo(longOf(row, "jvmGCTimeSum"));
    soft.assertThat(t.inputBytes()).as(at + "inputBytesReadSum").isEqualTo(longOf(row, "inputBytesReadSum"));
    soft.assertThat(t.inputRecords()).as(at + "inputRecordsReadSum").isEqualTo(longOf(row, "inputRecordsReadSum"));
    soft.assertThat(t.outputBytes()).as(at + "outputBytesWrittenSum").isEqualTo(longOf(row, "outputBytesWrittenSum"));
    soft.assertThat(t.outputRecords()).as(at + "outputRecordsWrittenSum").isEqualTo(longOf(row, "outputRecordsWrittenSum"));
    soft.assertThat(t.shuffleReadBytes()).as(at + "srTotalBytesReadSum").isEqualTo(longOf(row, "srTotalBytesReadSum"));
    soft.assertThat(t.shuffleWriteBytes()).as(at + "swBytesWrittenSum").isEqualTo(longOf(row, "swBytesWrittenSum"));
    soft.assertThat(t.shuffleWriteRecords()).as(at + "swRecordsWrittenSum").isEqualTo(longOf(row, "swRecordsWrittenSum"));
    soft.assertThat(t.memorySpillBytes()).as(at + "memoryBytesSpilledSum").isEqualTo(longOf(row, "memoryBytesSpilledSum"));
    soft.assertThat(t.diskSpillBytes()).as(at + "diskBytesSpilledSum").isEqualTo(longOf(row, "diskBytesSpilledSum"));
    soft.assertThat(t.peakExecutionMemoryBytes()).as(at + "peakExecutionMemoryMax").isEqualTo(longOf(row, "peakExecutionMemoryMax"));
  }

  @Test
  @DisplayName("The rapids join's skewed stage 2 stands out in data and duration skew")
  void rapidsSkewShowsOnStageTwo() throws Exception {
    RunSummary summary = replay("rapids_join_eventlog.json");
    StageSummary skewed = stage(summary, 2);
    // Max task 237 ms against a median of about 27 ms (sketch median within 1%).
    assertThat(skewed.taskDurationMs().max()).isEqualTo(237.0);
    assertThat(skewed.taskDurationMs().p50()).isCloseTo(27.0, within(0.5));
    assertThat(skewed.durationSkewRatio()).isGreaterThan(8.0);
    // The skew is in time, not in data: each of the 200 tasks reads 12 shuffle records.
    assertThat(skewed.shuffleReadRecords().max()).isEqualTo(12.0);
    assertThat(skewed.skewRatio()).isCloseTo(1.0, within(0.01));
    StageSummary mostSkewed =
        summary.stages().stream()
            .max(Comparator.comparingDouble(StageSummary::durationSkewRatio))
            .orElseThrow();
    assertThat(mostSkewed.stageId()).isEqualTo(2);
    assertThat(summary.stages())
        .filteredOn(s -> s.stageId() != 2)
        .allSatisfy(s -> assertThat(s.durationSkewRatio()).isLessThan(2.0));
  }

  @Test
  @DisplayName("The Sparklens log's stages equal Sparklens' per-stage task metric sums and maxima")
  void sparklensStagesAgree() throws Exception {
    // Not compared: Sparklens' stage startTime/endTime are its first task launch and last task
    // finish, not Spark's stage submission and completion times that a summary carries.
    RunSummary summary = replay("sparklens_local-1532512550423");
    JsonNode expected = SparkTestData.json("/eventlogs/sparklens_local-1532512550423.sparklens.json");
    assertThat(summary.progress().completedJobs()).isEqualTo(expected.get("jobMap").size());
    assertThat(summary.progress().failedJobs()).isZero();
    assertThat(summary.timing().submitTimeMs())
        .isEqualTo(expected.get("appInfo").get("startTime").asLong());
    assertThat(summary.timing().endTimeMs()).isEqualTo(expected.get("appInfo").get("endTime").asLong());

    SoftAssertions soft = new SoftAssertions();
    var stages = expected.get("stageMap").fields();
    int checked = 0;
    while (stages.hasNext()) {
      JsonNode exp = stages.next().getValue();
      int id = exp.get("stageID").asInt();
      StageSummary stage = stage(summary, id);
      MetricTotals t = stage.totals();
      JsonNode m = exp.get("stageMetrics").get("map");
      String at = "stage " + id + " ";
      soft.assertThat(t.tasks()).as(at + "count").isEqualTo(exp.get("stageMetrics").get("count").asLong());
      soft.assertThat(stage.numTasks()).as(at + "numberOfTasks").isEqualTo(exp.get("numberOfTasks").asInt());
      soft.assertThat(t.executorRunTimeMs()).as(at + "executorRuntime").isEqualTo(sum(m, "executorRuntime"));
      soft.assertThat(t.jvmGcTimeMs()).as(at + "jvmGCTime").isEqualTo(sum(m, "jvmGCTime"));
      soft.assertThat(t.resultSizeBytes()).as(at + "resultSize").isEqualTo(sum(m, "resultSize"));
      soft.assertThat(t.inputBytes()).as(at + "inputBytesRead").isEqualTo(sum(m, "inputBytesRead"));
      soft.assertThat(t.outputBytes()).as(at + "outputBytesWritten").isEqualTo(sum(m, "outputBytesWritten"));
      soft.assertThat(t.shuffleReadBytes()).as(at + "shuffleReadBytesRead").isEqualTo(sum(m, "shuffleReadBytesRead"));
      soft.assertThat(t.shuffleReadRecords()).as(at + "shuffleReadRecordsRead").isEqualTo(sum(m, "shuffleReadRecordsRead"));
      soft.assertThat(t.shuffleWriteBytes()).as(at + "shuffleWriteBytesWritten").isEqualTo(sum(m, "shuffleWriteBytesWritten"));
      soft.assertThat(t.shuffleWriteRecords()).as(at + "shuffleWriteRecordsWritten").isEqualTo(sum(m, "shuffleWriteRecordsWritten"));
      soft.assertThat(t.memorySpillBytes()).as(at + "memoryBytesSpilled").isEqualTo(sum(m, "memoryBytesSpilled"));
      soft.assertThat(t.diskSpillBytes()).as(at + "diskBytesSpilled").isEqualTo(sum(m, "diskBytesSpilled"));
      soft.assertThat(t.peakExecutionMemoryBytes()).as(at + "peakExecutionMemory max").isEqualTo(m.get("peakExecutionMemory").get("max").asLong());
      soft.assertThat((long) stage.taskDurationMs().max()).as(at + "taskDuration max").isEqualTo(m.get("taskDuration").get("max").asLong());
      checked++;
    }
    soft.assertAll();
    assertThat(checked).isEqualTo(2);
  }

  @Test
  @DisplayName("The Sparklint log records 98 tasks, the IOException task failure and the job cancelled at shutdown")
  void sparklintFailureIsRecorded() throws Exception {
    // Spark logs the application end before the shutdown cancels job 3 and stage 7 and before the
    // IOException task ends; replay counts them, as the History Server does.
    RunSummary summary = replay("sparklint_event_log_1");

    assertThat(summary.totals().tasks()).isEqualTo(98);
    assertThat(summary.totals().failedTasks()).isEqualTo(1);
    assertThat(summary.progress().completedTasks()).isEqualTo(97);
    assertThat(summary.progress().failedTasks()).isEqualTo(1);
    assertThat(summary.progress().completedJobs()).isEqualTo(3);
    assertThat(summary.progress().failedJobs()).isEqualTo(1);
    assertThat(summary.progress().completedStages()).isEqualTo(5);
    assertThat(summary.progress().failedStages()).isEqualTo(1);
    StageSummary cancelled = stage(summary, 7);
    assertThat(cancelled.status()).isEqualTo("FAILED");
    assertThat(cancelled.failureReason()).contains("SparkContext was shut down");
    assertThat(cancelled.totals().failedTasks()).isEqualTo(1);
    // Spark 1.5 words it "Job cancelled because SparkContext was shut down": a cancellation.
    assertThat(summary.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(summary.progress().activeJobs()).isZero();

    Failure failure = summary.failure();
    assertThat(failure).isNotNull();
    assertThat(failure.failedJobId()).isEqualTo(3);
    assertThat(failure.failedStageId()).isEqualTo(7);
    assertThat(failure.message()).contains("Job cancelled because SparkContext was shut down");
    assertThat(failure.taskFailures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("ExceptionFailure");
              assertThat(f.detail()).isEqualTo("java.io.IOException");
              assertThat(f.example()).contains("Filesystem closed");
              assertThat(f.count()).isEqualTo(1);
            });
  }

  private RunSummary replay(String log) throws ReplayException {
    List<ReplayedLog> replayed =
        new EventLogReplayer(ReplayOptions.NONE).replay(SparkTestData.eventLog(log, dir));
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).summaries()).hasSize(1);
    RunSummary summary = replayed.get(0).summaries().get(0);
    assertThat(summary.foldedStages()).isZero();
    return summary;
  }

  private static StageSummary stage(RunSummary summary, int id) {
    List<StageSummary> attempts = summary.stages().stream().filter(s -> s.stageId() == id).toList();
    assertThat(attempts).as("attempts of stage " + id).hasSize(1);
    return attempts.get(0);
  }

  private static long sum(JsonNode metrics, String name) {
    return metrics.get(name).get("value").asLong();
  }

  private static long longOf(Map<String, String> row, String column) {
    String v = row.get(column);
    if (v == null) {
      throw new IllegalArgumentException("no column " + column);
    }
    return Long.parseLong(v);
  }

  private static List<Map<String, String>> csv(String name) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(SparkTestData.open("/eventlogs/" + name), StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",");
      List<Map<String, String>> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], cells[i]);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
