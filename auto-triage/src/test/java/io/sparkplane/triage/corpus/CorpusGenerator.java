package io.sparkplane.triage.corpus;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.h2.H2RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Produces the labelled corpus with real Spark: local cases in this JVM, JVM-killing and
 * disk-filling cases in subprocesses reporting to a real collector, and recorded cluster texts on a
 * real failed run. Slow (several minutes on 2 cores): run it when cases change, commit the output.
 *
 * <pre>
 * mvn -pl auto-triage test-compile exec:exec@corpus     # all cases
 * ... CorpusGenerator OUT_DIR [name-regex]              # only matching cases
 * </pre>
 */
public final class CorpusGenerator {

  private CorpusGenerator() {}

  private record Group(String name, Producer cases) {}

  @FunctionalInterface
  private interface Producer {
    List<CorpusCase> get() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Pattern only = Pattern.compile(args.length > 1 ? args[1] : ".*");
    Path work = Files.createTempDirectory("triage-corpus");
    List<CorpusCase> cases = new ArrayList<>();
    try (H2RunStore store = H2RunStore.open(work.resolve("store"), Clock.systemUTC());
        CollectorServer collector =
            CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(work.resolve("unused")))
                .store(store)
                .build()) {
      int port = collector.start();
      try (CorpusRecorder recorder = new CorpusRecorder(store)) {
        for (SparkCase c : LocalCases.all()) {
          if (only.matcher(c.name()).find()) {
            long t0 = System.nanoTime();
            CorpusCase recorded = recorder.record(c);
            System.out.printf("[corpus] %-40s %-24s %s in %d s%n", c.name(), c.label(), recorded.run().status(),
                (System.nanoTime() - t0) / 1_000_000_000L);
            cases.add(recorded);
            Corpus.write(out, recorded);
          }
        }
      }
      CorpusCase template = cases.stream().filter(c -> c.name().equals("user-udf-exception")).findFirst()
          .orElseGet(() -> Corpus.load(out).stream().filter(c -> c.name().equals("user-udf-exception")).findFirst().orElseThrow());
      for (CorpusCase c : RecordedCases.on(template.run())) {
        if (only.matcher(c.name()).find()) {
          cases.add(c);
          Corpus.write(out, c);
        }
      }
      SubprocessCases sub = new SubprocessCases(store, "http://127.0.0.1:" + port, work);
      List<Group> groups =
          List.of(
              new Group("driver-oom", sub::driverOoms),
              new Group("unknown-driver-killed", () -> List.of(sub.killed())),
              new Group("disk-full", sub::diskFull));
      for (Group g : groups) {
        if (!only.matcher(g.name()).find()) {
          continue;
        }
        try {
          for (CorpusCase c : g.cases().get()) {
            cases.add(c);
            Corpus.write(out, c);
            System.out.printf("[corpus] %-40s %-24s %s%n", c.name(), c.label(), c.run().status());
          }
        } catch (Exception e) {
          System.out.println("[corpus] FAILED to produce " + g.name() + ": " + e);
        }
      }
    }
    System.out.println("[corpus] wrote " + cases.size() + " cases to " + out);
  }
}
