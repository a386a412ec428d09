package io.sparkplane.collector.store.h2;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static io.sparkplane.collector.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryJson;
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
  @DisplayName("Concurrent appends and attachments each get their own outcomes, and a redelivery racing its original is stored once")
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
                    store.putAttachment("acme", runId, "writer-" + writer, verdict(n));
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
          assertThat(store.attachments("acme", runId).get("writer-" + w)).as(runId).isEqualTo(verdict(n));
        }
      }
    }
  }

  @Test
  @DisplayName("Every append and attachment acknowledged before the JVM is killed with SIGKILL is in the store afterwards")
  void acknowledgedAppendsSurviveKill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), AppendingChild.class.getName(),
                dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> attached = ConcurrentHashMap.newKeySet();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine();
          line != null && (acked.size() < 300 || attached.size() < 300);
          line = out.readLine()) {
        if (line.startsWith("ack ")) {
          acked.add(line.substring(4));
        } else if (line.startsWith("attached ")) {
          attached.add(line.substring(9));
        }
      }
      // kill -9 while writers are mid-append (this also closes the pipe: later acks are not read)
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    assertThat(attached).hasSizeGreaterThanOrEqualTo(300);
    try (H2RunStore reopened = H2RunStore.open(dataDir, Clock.systemUTC())) {
      for (String runId : acked) {
        assertThat(reopened.findRun("acme", runId)).as(runId).isPresent();
        assertThat(reopened.findRun("acme", runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
      for (String runId : attached) {
        assertThat(reopened.attachments("acme", runId)).as(runId).containsKey("triage");
      }
    }
  }

  private static ObjectNode verdict(int n) {
    return TelemetryJson.mapper().createObjectNode().put("class", "SUCCEEDED").put("n", n);
  }

  /**
   * Appends runs from several threads forever, attaching a verdict to each; prints each run id once
   * its append returned ({@code ack}) and once its attachment did ({@code attached}).
   */
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
                store.putAttachment("acme", id.runId(), "triage", verdict(n));
                synchronized (out) {
                  out.println("attached " + id.runId());
                }
              }
            });
      }
      pool.awaitTermination(1, TimeUnit.DAYS);
    }
  }
}
