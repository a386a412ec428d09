package io.sparkplane.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.triage.corpus.Corpus;
import io.sparkplane.triage.corpus.CorpusCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The classifier over the committed labelled corpus")
class CorpusPrecisionRecallTest {

  static final double PRECISION_GOAL = 0.95;
  static final double RECALL_GOAL = 0.90;

  /**
   * Cases the classifier cannot get right with what the run summary holds today, and why. They stay
   * in the corpus and in the published table; the goals are asserted without them, and each is
   * asserted to still be missed, so this list is corrected when the gap closes.
   */
  static final Map<String, String> KNOWN_GAPS = Map.of();

  static List<CorpusCase> corpus;
  static final Map<TriageClass, int[]> countsWithoutGaps = new EnumMap<>(TriageClass.class);
  static final List<String> missedGaps = new ArrayList<>();
  static final Map<TriageClass, int[]> counts = new EnumMap<>(TriageClass.class); // tp, fp, fn, cases
  static final List<String> misses = new ArrayList<>();

  @BeforeAll
  static void classifyAll() throws IOException {
    corpus = Corpus.load();
    RunClassifier classifier = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC());
    for (TriageClass c : TriageClass.values()) {
      counts.put(c, new int[4]);
      countsWithoutGaps.put(c, new int[4]);
    }
    for (CorpusCase c : corpus) {
      Optional<Verdict> v = classifier.classify(c.run());
      TriageClass got = v.map(Verdict::triageClass).orElse(null);
      count(counts, c.label(), got);
      if (KNOWN_GAPS.containsKey(c.name())) {
        if (got != c.label()) {
          missedGaps.add(c.name());
        }
      } else {
        count(countsWithoutGaps, c.label(), got);
      }
      if (got != c.label()) {
        misses.add(c.name() + ": labelled " + c.label() + ", classified " + got + v.map(x -> " — " + x.summary()).orElse(""));
      }
    }
    Path table = Path.of("target", "triage-corpus-table.md");
    Files.createDirectories(table.getParent());
    Files.writeString(table, table());
    System.out.println(table());
    misses.forEach(m -> System.out.println("MISS " + m));
  }

  static void count(Map<TriageClass, int[]> into, TriageClass label, TriageClass got) {
    into.get(label)[3]++;
    if (got == label) {
      into.get(got)[0]++;
    } else {
      into.get(label)[2]++;
      if (got != null) {
        into.get(got)[1]++;
      }
    }
  }

  @Test
  @DisplayName("still misses exactly its listed known gaps (update the list when one closes)")
  void knownGapsAreStillGaps() {
    assertThat(missedGaps).containsExactlyInAnyOrderElementsOf(KNOWN_GAPS.keySet());
  }

  @Test
  @DisplayName("finds a disk full under [TASK_WRITE_FAILED] through the task failure's root cause the listener keeps")
  void diskFullThroughRootCause() {
    CorpusCase c = corpus.stream().filter(x -> x.name().equals("disk-full-output-write")).findFirst().orElseThrow();
    assertThat(c.run().summary().failure().message()).as("the job's top message hides the cause").doesNotContain("No space left");
    Verdict v = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC()).classify(c.run()).orElseThrow();
    assertThat(v.triageClass()).isEqualTo(TriageClass.DISK_FULL);
    assertThat(v.evidence())
        .anySatisfy(e -> assertThat(e.text()).contains("root cause: java.io.IOException: No space left on device"));
  }

  @Test
  @DisplayName("is classified with per-class precision ≥ 0.95 and recall ≥ 0.90, known gaps aside")
  void meetsGoals() {
    assertThat(misses).as("misclassified cases").hasSizeLessThanOrEqualTo(corpus.size() / 10);
    for (var e : countsWithoutGaps.entrySet()) {
      int[] n = e.getValue();
      if (n[3] > 0) {
        assertThat(recall(n)).as("recall of " + e.getKey()).isGreaterThanOrEqualTo(RECALL_GOAL);
      }
      if (n[0] + n[1] > 0) {
        assertThat(precision(n)).as("precision of " + e.getKey()).isGreaterThanOrEqualTo(PRECISION_GOAL);
      }
    }
  }

  @Test
  @DisplayName("has at least 3 differently produced cases for every class")
  void threeCasesPerClass() {
    for (var e : counts.entrySet()) {
      assertThat(e.getValue()[3]).as("cases labelled " + e.getKey()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  @DisplayName("triages every case: failed, lost or late")
  void everyCaseIsTriaged() {
    for (CorpusCase c : corpus) {
      assertThat(RunClassifier.triggerOf(c.run())).as(c.name()).isPresent();
    }
  }

  static double precision(int[] n) {
    return n[0] + n[1] == 0 ? Double.NaN : (double) n[0] / (n[0] + n[1]);
  }

  static double recall(int[] n) {
    return n[3] == 0 ? Double.NaN : (double) n[0] / n[3];
  }

  static String table() {
    StringBuilder b = new StringBuilder();
    b.append("| class | cases (local / subprocess / recorded) | TP | FP | FN | precision | recall |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (var e : counts.entrySet()) {
      int[] n = e.getValue();
      long local = corpus.stream().filter(c -> c.label() == e.getKey() && c.source().equals("spark-local")).count();
      long sub = corpus.stream().filter(c -> c.label() == e.getKey() && c.source().equals("spark-subprocess")).count();
      long rec = corpus.stream().filter(c -> c.label() == e.getKey() && c.source().equals("recorded")).count();
      b.append(String.format("| `%s` | %d (%d / %d / %d) | %d | %d | %d | %s | %s |%n", e.getKey(), n[3], local, sub, rec, n[0], n[1], n[2],
          fmt(precision(n)), fmt(recall(n))));
    }
    int tp = counts.values().stream().mapToInt(n -> n[0]).sum();
    b.append(String.format("| **all** | %d | %d | | %d | | accuracy %s |%n", corpus.size(), tp, corpus.size() - tp,
        fmt((double) tp / corpus.size())));
    return b.toString();
  }

  static String fmt(double d) {
    return Double.isNaN(d) ? "n/a" : String.format("%.2f", d);
  }
}
