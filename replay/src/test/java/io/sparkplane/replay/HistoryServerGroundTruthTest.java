package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the event logs of Spark's own History Server tests and holds the summaries to the REST
 * answers Spark's HistoryServerSuite expects for them. The suite maps expectation files to logs by
 * REST path, e.g. "stage list json" is {@code applications/local-1422981780767/stages}; the cases
 * below follow that mapping for every expectation that carries stage or job aggregates.
 *
 * <p>Compared per stage attempt: task counts by outcome, executor run and CPU time, GC time, input,
 * output, shuffle read and write bytes and records, spill to memory and disk, result size, and
 * status. Not compared: {@code peakExecutionMemory}, which Spark sums over a stage's tasks while our
 * summary keeps the largest single task's peak (a different quantity by design).
 */
class HistoryServerGroundTruthTest {

  @TempDir Path dir;

  static Stream<Arguments> stageExpectations() {
    return Stream.of(
        Arguments.of("local-1422981780767", "stage_list_json"),
        Arguments.of("local-1422981780767", "complete_stage_list_json"),
        Arguments.of("local-1422981780767", "failed_stage_list_json"),
        Arguments.of("local-1422981780767", "one_stage_json"),
        Arguments.of("local-1422981780767", "one_stage_attempt_json"),
        Arguments.of("local-1426533911241", "stage_list_with_accumulable_json"),
        Arguments.of("local-1426533911241", "stage_with_accumulable_json"),
        Arguments.of("app-20200706201101-0003", "stage_list_with_peak_metrics"),
        Arguments.of("app-20200706201101-0003", "stage_with_peak_metrics"),
        Arguments.of("app-20200706201101-0003", "stage_with_summaries"),
        Arguments.of("local-1642039451826", "one_stage_json_with_partitionId"),
        Arguments.of("app-20180109111548-0000", "excludeOnFailure_for_stage"),
        Arguments.of("application_1516285256255_0012", "excludeOnFailure_node_for_stage"),
        Arguments.of("application_1628109047826_1317105", "stage_with_speculation_summary"));
  }

  @ParameterizedTest(name = "{0} agrees with {1}")
  @MethodSource("stageExpectations")
  @DisplayName("Every stage attempt's totals equal the History Server's stage aggregates")
  void stagesAgreeWithHistoryServer(String log, String expectation) throws Exception {
    RunSummary summary = replayOne(log);
    JsonNode expected = SparkTestData.historyServerExpectation(expectation);
    List<JsonNode> stages = expected.isArray() ? list(expected) : List.of(expected);
    assertThat(stages).isNotEmpty();

    SoftAssertions soft = new SoftAssertions();
    for (JsonNode exp : stages) {
      int id = exp.get("stageId").asInt();
      int attempt = exp.get("attemptId").asInt();
      StageSummary ours = stage(summary, id, attempt);
      String at = log + " stage " + id + "." + attempt + " ";
      MetricTotals t = ours.totals();
      long complete = exp.get("numCompleteTasks").asLong();
      long failed = exp.get("numFailedTasks").asLong();
      long killed = exp.get("numKilledTasks").asLong();
      soft.assertThat(ours.status()).as(at + "status").isEqualTo(exp.get("status").asText());
      soft.assertThat(ours.numTasks()).as(at + "numTasks").isEqualTo(exp.get("numTasks").asInt());
      soft.assertThat(t.tasks()).as(at + "tasks").isEqualTo(complete + failed + killed);
      soft.assertThat(t.failedTasks()).as(at + "failedTasks").isEqualTo(failed);
      soft.assertThat(t.killedTasks()).as(at + "killedTasks").isEqualTo(killed);
      Map<String, Long> fields =
          Map.ofEntries(
              Map.entry("executorRunTime", t.executorRunTimeMs()),
              Map.entry("executorCpuTime", t.executorCpuTimeNs()),
              Map.entry("jvmGcTime", t.jvmGcTimeMs()),
              Map.entry("inputBytes", t.inputBytes()),
              Map.entry("inputRecords", t.inputRecords()),
              Map.entry("outputBytes", t.outputBytes()),
              Map.entry("outputRecords", t.outputRecords()),
              Map.entry("shuffleReadBytes", t.shuffleReadBytes()),
              Map.entry("shuffleReadRecords", t.shuffleReadRecords()),
              Map.entry("shuffleWriteBytes", t.shuffleWriteBytes()),
              Map.entry("shuffleWriteRecords", t.shuffleWriteRecords()),
              Map.entry("memoryBytesSpilled", t.memorySpillBytes()),
              Map.entry("diskBytesSpilled", t.diskSpillBytes()),
              Map.entry("resultSize", t.resultSizeBytes()));
      fields.forEach(
          (field, value) -> {
            if (exp.has(field)) {
              soft.assertThat(value).as(at + field).isEqualTo(exp.get(field).asLong());
            }
          });
    }
    soft.assertAll();
  }

  static Stream<Arguments> jobExpectations() {
    return Stream.of(
        Arguments.of("local-1422981780767", "job_list_json"),
        Arguments.of("local-1426533911241", "job_list_from_multi_attempt_app_json_1_"),
        Arguments.of("local-1426633911242", "job_list_from_multi_attempt_app_json_2_"));
  }

  @ParameterizedTest(name = "{0} agrees with {1}")
  @MethodSource("jobExpectations")
  @DisplayName("Completed and failed job counts equal the History Server's job statuses")
  void jobsAgreeWithHistoryServer(String log, String expectation) throws Exception {
    RunSummary summary = replayOne(log);
    List<JsonNode> jobs = list(SparkTestData.historyServerExpectation(expectation));
    long succeeded = jobs.stream().filter(j -> j.get("status").asText().equals("SUCCEEDED")).count();
    long failed = jobs.stream().filter(j -> j.get("status").asText().equals("FAILED")).count();
    assertThat(succeeded + failed).as("all jobs ended").isEqualTo(jobs.size());

    assertThat(summary.progress().completedJobs()).isEqualTo(succeeded);
    assertThat(summary.progress().failedJobs()).isEqualTo(failed);
    assertThat(summary.progress().activeJobs()).isZero();
    long stageTasks =
        jobs.stream()
            .mapToLong(
                j -> j.get("numCompletedTasks").asLong() + j.get("numFailedTasks").asLong()
                    + j.get("numKilledTasks").asLong())
            .sum();
    // Spark counts a job's tasks over its stages; each task of these logs belongs to one job.
    assertThat(summary.totals().tasks()).isEqualTo(stageTasks);
  }

  @Test
  @DisplayName("Every application attempt's summary spans the History Server's start and end times")
  void timesAgreeWithHistoryServer() throws Exception {
    Map<String, String> logByAttempt =
        Map.of(
            "local-1426533911241/1", "local-1426533911241",
            "local-1426533911241/2", "local-1426633911242",
            "local-1430917381535/1", "local-1430917381535_1",
            "local-1430917381535/2", "local-1430917381535_2");
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (JsonNode app : SparkTestData.historyServerExpectation("application_list_json")) {
      for (JsonNode attempt : app.get("attempts")) {
        String appId = app.get("id").asText();
        String key = appId + (attempt.has("attemptId") ? "/" + attempt.get("attemptId").asText() : "");
        String log = logByAttempt.getOrDefault(key, appId);
        TelemetryEvent finished = replayFinished(log);
        soft.assertThat(attempt.get("completed").asBoolean()).as(key + " completed").isTrue();
        soft.assertThat(finished.run().appId()).as(key + " appId").isEqualTo(appId);
        soft.assertThat(finished.summary().timing().submitTimeMs())
            .as(key + " start")
            .isEqualTo(attempt.get("startTimeEpoch").asLong());
        soft.assertThat(finished.summary().timing().endTimeMs())
            .as(key + " end")
            .isEqualTo(attempt.get("endTimeEpoch").asLong());
        checked++;
      }
    }
    soft.assertAll();
    assertThat(checked).isEqualTo(18);
  }

  private RunSummary replayOne(String log) throws ReplayException {
    return replayFinished(log).summary();
  }

  private TelemetryEvent replayFinished(String log) throws ReplayException {
    Path file = SparkTestData.sparkEventLog(log, dir);
    List<ReplayedLog> replayed = new EventLogReplayer(ReplayOptions.NONE).replay(file);
    assertThat(replayed).hasSize(1);
    ReplayedLog only = replayed.get(0);
    assertThat(only.truncated()).as("truncated").isFalse();
    assertThat(only.unfinished()).as("unfinished").isFalse();
    List<TelemetryEvent> finished =
        only.events().stream().filter(e -> e.summary() != null).toList();
    assertThat(finished).as("one run per log").hasSize(1);
    return finished.get(0);
  }

  private static StageSummary stage(RunSummary summary, int id, int attempt) {
    assertThat(summary.foldedStages()).as("no stage folded away").isZero();
    return summary.stages().stream()
        .filter(s -> s.stageId() == id && s.attempt() == attempt)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + id + "." + attempt + " in summary"));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
