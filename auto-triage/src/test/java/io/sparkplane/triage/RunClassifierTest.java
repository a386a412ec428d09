package io.sparkplane.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.corpus.Corpus;
import io.sparkplane.triage.corpus.CorpusCase;
import io.sparkplane.wire.TelemetryJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RunClassifier")
class RunClassifierTest {

  static final ObjectMapper JSON = TelemetryJson.mapper();
  final RunClassifier classifier =
      new RunClassifier(TriageSettings.defaults(), Clock.fixed(Instant.ofEpochMilli(42), ZoneOffset.UTC));

  static StoredRun corpusRun(String name) {
    return Corpus.load().stream().filter(c -> c.name().equals(name)).map(CorpusCase::run).findFirst().orElseThrow();
  }

  static StoredRun edit(StoredRun run, Consumer<ObjectNode> change) {
    ObjectNode json = JSON.valueToTree(run);
    change.accept(json);
    return JSON.convertValue(json, StoredRun.class);
  }

  @Test
  @DisplayName("does not triage a run that succeeded before its deadline, nor a cancelled one")
  void onlyFailedLostOrLate() {
    StoredRun late = corpusRun("skew-join-hot-key");
    long end = late.summary().timing().endTimeMs();
    assertThat(RunClassifier.triggerOf(late)).contains(Trigger.SLA_BREACH);
    assertThat(RunClassifier.triggerOf(edit(late, j -> ((ObjectNode) j.get("identity")).put("slaDeadlineMs", end + 1)))).isEmpty();
    assertThat(RunClassifier.triggerOf(edit(late, j -> ((ObjectNode) j.get("identity")).remove("slaDeadlineMs")))).isEmpty();
    assertThat(RunClassifier.triggerOf(edit(late, j -> j.put("status", "CANCELLED")))).isEmpty();
    assertThat(classifier.classify(edit(late, j -> j.put("status", "CANCELLED")))).isEmpty();
  }

  @Test
  @DisplayName("names the skewed stage with its numbers, and puts a one-line summary on the verdict")
  void skewEvidence() {
    Verdict v = classifier.classify(corpusRun("skew-window-hot-partition")).orElseThrow();
    assertThat(v.triageClass()).isEqualTo(TriageClass.DATA_SKEW);
    assertThat(v.summary()).startsWith("DATA_SKEW: Data skew in stage ").doesNotContain("\n");
    assertThat(v.evidence()).allSatisfy(e -> assertThat(e.stageId()).isNotNull());
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("slowestTaskShareOfStage");
      assertThat(e.value()).isGreaterThanOrEqualTo(0.75);
    });
    assertThat(v.triagedAtMs()).isEqualTo(42);
    assertThat(v.remedies()).isNotEmpty();
  }

  @Test
  @DisplayName("calls a straggler skew when it ran longer than all other tasks of its stage, though scheduling delay kept its share under 0.75")
  void stragglerOutweighsTheRest() {
    StoredRun run = corpusRun("skew-join-hot-key"); // regenerated at load average ~25: share 0.74
    ObjectNode stage = stage(JSON.valueToTree(run), 4);
    double max = stage.path("taskDurationMs").path("max").asDouble();
    assertThat(max / stage.path("durationMs").asDouble()).as("slowest task's share of the stage").isLessThan(0.75);
    Verdict v = classifier.classify(run).orElseThrow();
    assertThat(v.triageClass()).isEqualTo(TriageClass.DATA_SKEW);
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("otherTasksRunTimeMs");
      assertThat(e.value()).isLessThan(max);
      assertThat(e.stageId()).isEqualTo(4);
    });

    StoredRun othersLonger = edit(run, j -> ((ObjectNode) stage(j, 4).get("totals")).put("executorRunTimeMs", (long) (max * 2.5)));
    assertThat(classifier.classify(othersLonger).orElseThrow().triageClass()).isEqualTo(TriageClass.UNKNOWN);
  }

  @Test
  @DisplayName("reports a stage with fewer tasks than cores from triage.partitioning.fewTasksMinShareOfRun of the run")
  void fewTasksShareOfRun() {
    StoredRun run = corpusRun("partitioning-global-window");
    Verdict v = classifier.classify(run).orElseThrow();
    assertThat(v.triageClass()).isEqualTo(TriageClass.SUBOPTIMAL_PARTITIONING);
    double share = v.evidence().stream().filter(e -> e.name().equals("stage.shareOfRun")).findFirst().orElseThrow().value();
    assertThat(share).isGreaterThanOrEqualTo(0.25);
    RunClassifier stricter = new RunClassifier(
        TriageSettings.fromProperties(Map.of("triage.partitioning.fewTasksMinShareOfRun", String.valueOf(share + 0.01))),
        Clock.systemUTC());
    assertThat(stricter.classify(run).orElseThrow().triageClass()).isNotEqualTo(TriageClass.SUBOPTIMAL_PARTITIONING);
  }

  static ObjectNode stage(JsonNode run, int stageId) {
    for (JsonNode s : run.path("summary").path("stages")) {
      if (s.path("stageId").asInt() == stageId) {
        return (ObjectNode) s;
      }
    }
    throw new AssertionError("no stage " + stageId);
  }

  @Test
  @DisplayName("prefers the root cause: a skewed run that died of executor OOM is DATA_SKEW with the OOM as secondary")
  void rootCauseBeatsSymptom() {
    StoredRun skewed = corpusRun("skew-join-hot-key");
    StoredRun failed =
        edit(skewed, j -> {
          j.put("status", "FAILED");
          ObjectNode summary = (ObjectNode) j.get("summary");
          summary.put("status", "FAILED");
          ObjectNode f = summary.putObject("failure");
          f.put("exceptionClass", "org.apache.spark.SparkException");
          f.put("message", "Job aborted due to stage failure: Lost task 3.3 in stage 4.0 (TID 12): java.lang.OutOfMemoryError: Java heap space");
          f.putArray("topFrames");
          f.putArray("taskFailures");
          f.putArray("executorLosses");
          f.put("executorsLost", 0);
        });
    Verdict v = classifier.classify(failed).orElseThrow();
    assertThat(v.trigger()).isEqualTo(Trigger.FAILED);
    assertThat(v.triageClass()).isEqualTo(TriageClass.DATA_SKEW);
    assertThat(v.secondary()).extracting(Finding::triageClass).contains(TriageClass.EXECUTOR_OOM);
  }

  @Test
  @DisplayName("calls a lost driver with a low heap UNKNOWN, and the same run with a full heap DRIVER_OOM")
  void lostDriverHeap() {
    StoredRun killed = corpusRun("unknown-driver-killed");
    assertThat(classifier.classify(killed).orElseThrow().triageClass()).isEqualTo(TriageClass.UNKNOWN);
    long max = killed.lastHeartbeat().driverHeapMaxBytes();
    StoredRun full = edit(killed, j -> ((ObjectNode) j.get("lastHeartbeat"))
        .put("driverHeapUsedBytes", (long) (max * 0.97))
        .put("driverHeapAfterGcBytes", (long) (max * 0.97)));
    Verdict v = classifier.classify(full).orElseThrow();
    assertThat(v.triageClass()).isEqualTo(TriageClass.DRIVER_OOM);
    assertThat(v.trigger()).isEqualTo(Trigger.LOST);
    assertThat(v.summary()).contains("97%");
  }

  @Test
  @DisplayName("judges a lost driver by its heap after GC when the heartbeat has it: full only before a GC is not DRIVER_OOM")
  void lostDriverFullOnlyBeforeGc() {
    StoredRun killed = corpusRun("unknown-driver-killed");
    long max = killed.lastHeartbeat().driverHeapMaxBytes();
    StoredRun garbageHeavy = edit(killed, j -> ((ObjectNode) j.get("lastHeartbeat"))
        .put("driverHeapUsedBytes", (long) (max * 0.95))
        .put("driverHeapAfterGcBytes", (long) (max * 0.30)));

    Verdict v = classifier.classify(garbageHeavy).orElseThrow();

    assertThat(v.triageClass()).as(v.summary()).isEqualTo(TriageClass.UNKNOWN);
    assertThat(v.summary()).contains("30% of its heap in use after its last GC (95% at that moment)");
    assertThat(v.secondary()).extracting(Finding::triageClass).doesNotContain(TriageClass.DRIVER_OOM);
  }

  @Test
  @DisplayName("calls a lost driver DRIVER_OOM when its heap after GC is near max, even if the heartbeat caught it just after a GC")
  void lostDriverLiveSetNearMax() {
    StoredRun killed = corpusRun("unknown-driver-killed");
    long max = killed.lastHeartbeat().driverHeapMaxBytes();
    long afterGc = (long) (max * 0.90);
    StoredRun fullAfterGc = edit(killed, j -> ((ObjectNode) j.get("lastHeartbeat"))
        .put("driverHeapUsedBytes", (long) (max * 0.50))
        .put("driverHeapAfterGcBytes", afterGc));

    Verdict v = classifier.classify(fullAfterGc).orElseThrow();

    assertThat(v.triageClass()).isEqualTo(TriageClass.DRIVER_OOM);
    assertThat(v.trigger()).isEqualTo(Trigger.LOST);
    assertThat(v.summary()).contains("90% of its heap still in use after its last GC");
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("lastHeartbeat.driverHeapAfterGcFraction");
      assertThat(e.value()).isCloseTo(0.90, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(e.threshold()).isEqualTo(0.8);
    });
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("lastHeartbeat.driverHeapAfterGcBytes");
      assertThat(e.value()).isEqualTo((double) afterGc);
    });
    assertThat(v.evidence()).extracting(Evidence::name).doesNotContain("lastHeartbeat.driverHeapUsedFraction");
  }

  @Test
  @DisplayName("keeps the instantaneous heap rule for heartbeats without the after-GC figure (older listeners)")
  void lostDriverOlderListener() {
    StoredRun killed = corpusRun("unknown-driver-killed");
    assertThat(killed.lastHeartbeat().driverHeapAfterGcBytes()).as("recorded with a listener that reports it").isNotNull();
    long max = killed.lastHeartbeat().driverHeapMaxBytes();
    StoredRun full = edit(killed, j -> ((ObjectNode) j.get("lastHeartbeat"))
        .put("driverHeapUsedBytes", (long) (max * 0.85))
        .remove("driverHeapAfterGcBytes")); // as an older listener sends it

    Verdict v = classifier.classify(full).orElseThrow();

    assertThat(v.triageClass()).isEqualTo(TriageClass.DRIVER_OOM);
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("lastHeartbeat.driverHeapUsedFraction");
      assertThat(e.threshold()).isEqualTo(0.8);
    });
    assertThat(v.evidence()).extracting(Evidence::name).doesNotContain("lastHeartbeat.driverHeapAfterGcFraction");
  }

  @Test
  @DisplayName("reads its own threshold for the heap after GC from triage.memory.driverHeapAfterGcNearMaxFraction")
  void afterGcThresholdSetting() {
    StoredRun killed = corpusRun("unknown-driver-killed");
    long max = killed.lastHeartbeat().driverHeapMaxBytes();
    StoredRun run = edit(killed, j -> ((ObjectNode) j.get("lastHeartbeat")).put("driverHeapAfterGcBytes", (long) (max * 0.75)));
    RunClassifier at70 = new RunClassifier(
        TriageSettings.fromProperties(Map.of("triage.memory.driverHeapAfterGcNearMaxFraction", "0.7")), Clock.systemUTC());

    assertThat(classifier.classify(run).orElseThrow().triageClass()).as("default 0.8").isEqualTo(TriageClass.UNKNOWN);
    assertThat(at70.classify(run).orElseThrow().triageClass()).isEqualTo(TriageClass.DRIVER_OOM);
    assertThatThrownBy(() -> TriageSettings.fromProperties(Map.of("triage.memory.driverHeapAfterGcNearMaxFraction", "1.5")))
        .hasMessageContaining("triage.memory.driverHeapAfterGcNearMaxFraction");
  }

  @Test
  @DisplayName("gives one fingerprint per class, tenant and workload")
  void fingerprints() {
    StoredRun a = corpusRun("user-divide-by-zero");
    StoredRun b = edit(a, j -> ((ObjectNode) j.get("identity")).put("runId", "another-attempt"));
    StoredRun otherWorkload = edit(a, j -> ((ObjectNode) j.get("identity")).put("workload", "other"));
    StoredRun otherTenant = edit(a, j -> ((ObjectNode) j.get("identity")).put("tenant", "globex"));
    String fa = classifier.classify(a).orElseThrow().fingerprint();
    assertThat(classifier.classify(b).orElseThrow().fingerprint()).isEqualTo(fa);
    assertThat(classifier.classify(otherWorkload).orElseThrow().fingerprint()).isNotEqualTo(fa);
    assertThat(classifier.classify(otherTenant).orElseThrow().fingerprint()).isNotEqualTo(fa);
  }

  @Test
  @DisplayName("writes the class as \"class\" in JSON and reads its own JSON back")
  void jsonShape() {
    Verdict v = classifier.classify(corpusRun("cartesian-cross-join")).orElseThrow();
    var json = TriageService.toJson(v);
    assertThat(json.path("class").asText()).isEqualTo("CARTESIAN_EXPLOSION");
    assertThat(json.has("triageClass")).isFalse();
    assertThat(TriageService.fromJson(json)).isEqualTo(v);
  }

  @Test
  @DisplayName("reads thresholds from triage.* keys and names the key of a bad value")
  void settings() {
    TriageSettings s = TriageSettings.fromProperties(Map.of("triage.skew.minRatio", "6", "triage.planning.minShare", "0.7"));
    assertThat(s.skewMinRatio()).isEqualTo(6.0);
    assertThat(s.planningMinShare()).isEqualTo(0.7);
    assertThat(s.skewAqeMinPartitionBytes()).isEqualTo(256L << 20);
    assertThatThrownBy(() -> TriageSettings.fromProperties(Map.of("triage.skew.minRatio", "lots")))
        .hasMessageContaining("triage.skew.minRatio");
    assertThatThrownBy(() -> TriageSettings.fromProperties(Map.of("triage.planning.minShare", "2")))
        .hasMessageContaining("triage.planning.minShare");
    assertThatThrownBy(() -> TriageSettings.fromProperties(Map.of("triage.partitioning.fewTasksMinShareOfRun", "0")))
        .hasMessageContaining("triage.partitioning.fewTasksMinShareOfRun");
  }
}
