package io.sparkplane.collector.store.h2;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static io.sparkplane.collector.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.wire.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("H2RunStore group commit")
class H2GroupCommitTest {

  private static final long T0 = 1_748_736_000_000L;
  private static final int WRITERS = 8;

  @TempDir Path dataDir;

  @Test
  @DisplayName("Concurrent appends each get their own outcomes, and a redelivery racing its original is stored once")
  void concurrentAppends() throws Exception {
    int runsPerWriter = 40;
    try (H2RunStore store = H2RunStore.open(dataDir, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<List<AppendOutcome>>> results = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        results.add(
            pool.submit(
                () -> {
                  List<AppendOutcome> outcomes = new ArrayList<>();
                  for (int n = 0; n < runsPerWriter; n++) {
                    // writers 0 and 1 send the same runs: one of each pair must be a duplicate
                    String runId = "run-" + (writer < 2 ? 0 : writer) + "-" + n;
                    var id = run("acme", runId);
                    outcomes.addAll(
                        store
                            .append(
                                List.of(
                                    withId(started(id, T0 + n), runId + "-started"),
                                    withId(finished(id, T0 + n, RunStatus.SUCCEEDED), runId + "-finished")))
                            .outcomes());
                  }
                  return outcomes;
                }));
      }
      List<AppendOutcome> all = new ArrayList<>();
      for (Future<List<AppendOutcome>> f : results) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(all).hasSize(WRITERS * runsPerWriter * 2);
      assertThat(all.stream().filter(o -> o == AppendOutcome.DUPLICATE)).hasSize(runsPerWriter * 2);
      for (int w = 1; w < WRITERS; w++) {
        for (int n = 0; n < runsPerWriter; n++) {
          String runId = "run-" + (w < 2 ? 0 : w) + "-" + n;
          assertThat(store.findRun("acme", runId).orElseThrow().eventCount()).as(runId).isEqualTo(2);
        }
      }
    }
  }

  @Test
  @DisplayName("Every append acknowledged before the JVM is killed with SIGKILL is in the store afterwards")
  void acknowledgedAppendsSurviveKill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), AppendingChild.class.getName(),
                dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null && acked.size() < 300; line = out.readLine()) {
        if (line.startsWith("ack ")) {
          acked.add(line.substring(4));
        }
      }
      // kill -9 while writers are mid-append (this also closes the pipe: later acks are not read)
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    try (H2RunStore reopened = H2RunStore.open(dataDir, Clock.systemUTC())) {
      for (String runId : acked) {
        assertThat(reopened.findRun("acme", runId)).as(runId).isPresent();
        assertThat(reopened.findRun("acme", runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
    }
  }

  /** Appends runs from several threads forever, printing each run id once its append returned. */
  static final class AppendingChild {
    public static void main(String[] args) throws Exception {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      H2RunStore store = H2RunStore.open(Path.of(args[0]), Clock.systemUTC());
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        pool.submit(
            () -> {
              for (int n = 0; ; n++) {
                var id = run("acme", "run-" + writer + "-" + n);
                store.append(List.of(started(id, T0 + n), finished(id, T0 + n, RunStatus.SUCCEEDED)));
                synchronized (out) {
                  out.println("ack " + id.runId());
                }
              }
            });
      }
      pool.awaitTermination(1, TimeUnit.DAYS);
    }
  }
}
