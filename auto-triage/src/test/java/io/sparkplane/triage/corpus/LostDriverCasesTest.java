package io.sparkplane.triage.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.RunClassifier;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.triage.Trigger;
import io.sparkplane.triage.Verdict;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.RunStatus;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The corpus's drivers that died, recorded with heartbeats every second from a listener that reports
 * the heap after GC: the committed runs exercise the after-GC rule, not the instantaneous one older
 * listeners leave to go on.
 */
@DisplayName("The corpus's lost drivers")
class LostDriverCasesTest {

  static final List<String> LOST = List.of("driver-oom-broadcast", "driver-oom-collect", "driver-oom-task-heap", "unknown-driver-killed");
  /**
   * Drivers that ran out of heap. The broadcast's early heartbeat does not always reach the collector
   * before the JVM dies: 1 of 3 recordings on 2026-11-26 ended at 0.24 after GC, UNKNOWN (see
   * docs/triage.md); the committed recording is the first of the three.
   */
  static final List<String> OOM = List.of("driver-oom-collect", "driver-oom-task-heap", "driver-oom-broadcast");

  final RunClassifier classifier = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC());
  final List<CorpusCase> corpus = Corpus.load();

  CorpusCase named(String name) {
    return corpus.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("are the subprocess cases whose JVM died, and each last heartbeat carries the heap after GC")
  void heartbeatsCarryHeapAfterGc() {
    assertThat(corpus.stream().filter(c -> c.run().status() == RunStatus.LOST).map(CorpusCase::name))
        .containsExactlyInAnyOrderElementsOf(LOST);
    for (String name : LOST) {
      Heartbeat hb = named(name).run().lastHeartbeat();
      assertThat(hb).as(name).isNotNull();
      assertThat(hb.driverHeapAfterGcBytes()).as(name + ": heap after GC").isNotNull().isPositive()
          .isLessThanOrEqualTo(hb.driverHeapMaxBytes());
    }
  }

  @Test
  @DisplayName("that ran out of heap are DRIVER_OOM by the heap after GC in their last heartbeat, not by the heap at that moment")
  void oomsJudgedByHeapAfterGc() {
    for (String name : OOM) {
      Verdict v = classifier.classify(named(name).run()).orElseThrow();
      assertThat(v.triageClass()).as(name + ": " + v.summary()).isEqualTo(TriageClass.DRIVER_OOM);
      assertThat(v.trigger()).as(name).isEqualTo(Trigger.LOST);
      assertThat(v.evidence()).as(name).anySatisfy(e -> {
        assertThat(e.name()).isEqualTo("lastHeartbeat.driverHeapAfterGcFraction");
        assertThat(e.value()).isGreaterThanOrEqualTo(0.8);
        assertThat(e.threshold()).isEqualTo(0.8);
      });
      assertThat(v.evidence()).as(name).extracting(Evidence::name).doesNotContain("lastHeartbeat.driverHeapUsedFraction");
    }
  }

  @Test
  @DisplayName("killed with SIGKILL is not DRIVER_OOM: its heap after GC is far from max")
  void killedDriverIsNotOom() {
    Verdict v = classifier.classify(named("unknown-driver-killed").run()).orElseThrow();
    assertThat(v.triageClass()).as(v.summary()).isEqualTo(TriageClass.UNKNOWN);
    assertThat(v.summary()).contains("of its heap in use after its last GC");
    assertThat(v.evidence()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("lastHeartbeat.driverHeapAfterGcFraction");
      assertThat(e.value()).isLessThan(0.8);
    });
    assertThat(v.secondary()).extracting(Finding::triageClass).doesNotContain(TriageClass.DRIVER_OOM);
  }
}
