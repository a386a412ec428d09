package io.sparkplane.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.triage.corpus.CorpusCase;
import io.sparkplane.triage.corpus.CorpusRecorder;
import io.sparkplane.triage.corpus.LocalCases;
import io.sparkplane.triage.corpus.SparkCase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Corpus cases regenerated live on real Spark")
class LiveCorpusIT {

  static final Set<String> LIVE =
      Set.of("cartesian-cross-join", "result-size-collect-wide-rows", "user-udf-exception", "external-jdbc-connection-refused",
          "broadcast-timeout-slow-udf");

  @TempDir Path dir;

  @Test
  @DisplayName("classify as their label, so the committed corpus is what Spark really produces")
  void liveCasesClassifyAsLabelled() throws Exception {
    List<SparkCase> cases = LocalCases.all().stream().filter(c -> LIVE.contains(c.name())).toList();
    assertThat(cases).hasSize(LIVE.size());
    RunClassifier classifier = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC());
    try (H2RunStore store = H2RunStore.open(dir, Clock.systemUTC());
        CorpusRecorder recorder = new CorpusRecorder(store)) {
      for (SparkCase c : cases) {
        CorpusCase recorded = recorder.record(c);
        Verdict v = classifier.classify(recorded.run()).orElseThrow();
        assertThat(v.triageClass()).as(c.name() + ": " + v.summary()).isEqualTo(c.label());
        assertThat(v.evidence()).as(c.name()).isNotEmpty();
      }
    }
  }
}
