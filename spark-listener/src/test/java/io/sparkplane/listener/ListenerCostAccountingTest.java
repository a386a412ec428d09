package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.spark.scheduler.ReplayListenerBus;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.JsonProtocol$;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The listener's own cost")
class ListenerCostAccountingTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(1);

  private final SparkSession spark = SharedSpark.session();

  @AfterEach
  void clearRun() {
    SharedSpark.endRun();
  }

  private ListenerCost runWithTasks(String workload, int tasks) throws InterruptedException {
    String runId = SharedSpark.beginRun(workload);
    spark.range(0, tasks * 10L, 1, tasks).selectExpr("sum(id)").collect();
    SharedSpark.endRun();
    RunSummary summary = SharedSpark.sink().awaitFinished(runId, WAIT).summary();
    assertThat(summary.listenerCost()).as("cost section of %s", runId).isNotNull();
    return summary.listenerCost();
  }

  @Test
  @DisplayName("is accounted per run in CPU time, counts every task event, and grows with the task count")
  void accountedCpuGrowsWithTasks() throws Exception {
    runWithTasks("cost-warmup", 500); // class loading and JIT would dominate a first small run
    ListenerCost small = runWithTasks("cost-small", 50);
    ListenerCost large = runWithTasks("cost-large", 4_000);

    assertThat(small.busCpuNanos()).isPositive();
    // sum(id) runs one task per partition and one final task
    assertThat(small.taskEvents()).isEqualTo(51);
    assertThat(large.taskEvents()).isEqualTo(4_001);
    assertThat(large.busCpuNanos()).isGreaterThan(small.busCpuNanos());
    // at least a microsecond of accounted CPU for each of the 3,950 extra task events
    assertThat(large.busCpuNanos() - small.busCpuNanos()).isGreaterThan(3_950_000L);
    assertThat(large.busCpuNanosPerTask()).isEqualTo((double) large.busCpuNanos() / 4_001);
    assertThat(large.retainedBytesPeak()).isPositive();
    assertThat(large.cpuToExecutorCpuRatio()).isPositive();
  }

  @Test
  @DisplayName("agrees within 25% with Java Flight Recorder's CPU samples of the listener's callbacks")
  void agreesWithFlightRecorder() throws Exception {
    runWithTasks("cost-jfr", 10_000);
    // Spark's own record of this application's events, delivered again by Spark's listener bus on
    // this thread: a live driver's bus thread is idle most of the time, too rarely sampled by JFR
    // (about one sample per 2.4 ms of running Java here) to attribute a few microseconds per task.
    List<SparkListenerEvent> events = readEventLog(SharedSpark.eventLog());
    assertThat(events.stream().filter(SparkListenerTaskEnd.class::isInstance).count())
        .isGreaterThanOrEqualTo(10_000);
    List<SparkplaneListener> delivered = new ArrayList<>();
    deliver(events, 3, delivered); // warm-up: JIT-compile the same paths
    end(delivered);

    // JFR samples a thread only while it runs: on a machine busy with other work this thread gets
    // fewer samples per CPU millisecond, so rounds are added until the attribution rests on enough
    long accounted = 0;
    long threadCpu = 0;
    SampleCounts samples = new SampleCounts(0, 0);
    for (int round = 0; round < MAX_ROUNDS && samples.inListener() < MIN_SAMPLES; round++) {
      Path jfr = Files.createTempFile("listener-cost", ".jfr");
      try (Recording recording = new Recording()) {
        recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
        recording.start();
        long cpu0 = ThreadCpu.current();
        accounted += deliver(events, REPEATS, delivered);
        threadCpu += ThreadCpu.current() - cpu0;
        recording.stop();
        recording.dump(jfr);
      }
      end(delivered);
      SampleCounts recorded = samplesOf(jfr, Thread.currentThread().getName());
      samples = new SampleCounts(samples.all() + recorded.all(), samples.inListener() + recorded.inListener());
      Files.deleteIfExists(jfr);
    }
    // The standard attribution: the share of this thread's CPU samples inside the listener's
    // callbacks, times the CPU time the thread used while recording.
    double attributed = threadCpu * ((double) samples.inListener() / samples.all());

    System.out.printf(
        "listener callbacks: accounted %.1f ms CPU; JFR %d of %d samples of %.1f ms thread CPU = %.1f ms%n",
        accounted / 1e6, samples.inListener(), samples.all(), threadCpu / 1e6, attributed / 1e6);
    assertThat(samples.inListener()).as("JFR samples in listener callbacks").isGreaterThanOrEqualTo(MIN_SAMPLES);
    assertThat((double) accounted).isCloseTo(attributed, Percentage.withPercentage(25));
  }

  private static final int REPEATS = 20;
  /**
   * Samples inside the listener the comparison needs; a busy machine takes more rounds. The share
   * of samples in the listener is about 0.65: at 300 its binomial sampling error is about 4% (one
   * standard deviation, estimated, not measured), against the 25% allowed and the 0-14% by which
   * JFR attributed more than was accounted in eleven logged runs.
   */
  private static final long MIN_SAMPLES = 300;
  private static final int MAX_ROUNDS = 10;

  private static List<SparkListenerEvent> readEventLog(Path log) throws Exception {
    List<SparkListenerEvent> events = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      try {
        events.add(JsonProtocol$.MODULE$.sparkEventFromJson(line));
      } catch (RuntimeException e) {
        // the log is still being written: its last line may be cut
      }
    }
    return events;
  }

  /**
   * Delivers the events {@code times} times, each to a fresh listener added to {@code listeners};
   * returns their CPU time. The caller ends them ({@link #end}) outside any recording: ending one is
   * not part of what is compared.
   */
  private static long deliver(List<SparkListenerEvent> events, int times, List<SparkplaneListener> listeners) {
    long accounted = 0;
    for (int i = 0; i < times; i++) {
      SparkplaneListener listener =
          new SparkplaneListener(Map.of(), Clock.systemUTC(), new RecordingSink());
      listeners.add(listener);
      ReplayListenerBus bus = new ReplayListenerBus();
      bus.addListener(listener);
      for (SparkListenerEvent event : events) {
        bus.postToAll(event);
      }
      accounted += listener.callbackNanos();
    }
    return accounted;
  }

  /** Ends the listeners: stops their heartbeat threads and GC subscriptions. */
  private static void end(List<SparkplaneListener> listeners) {
    for (SparkplaneListener listener : listeners) {
      listener.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis(), scala.Option.empty()));
    }
    listeners.clear();
  }

  private record SampleCounts(long all, long inListener) {}

  /** This thread's samples, and those whose stack passes through a listener callback. */
  private static SampleCounts samplesOf(Path jfr, String threadName) throws Exception {
    long all = 0;
    long count = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
      if (event.getStackTrace() == null
          || !threadName.equals(event.getThread("sampledThread").getJavaName())) {
        continue;
      }
      all++;
      for (RecordedFrame frame : event.getStackTrace().getFrames()) {
        if (frame.getMethod().getType().getName().equals(SparkplaneListener.class.getName())
            && frame.getMethod().getName().startsWith("on")) {
          count++;
          break;
        }
      }
    }
    return new SampleCounts(all, count);
  }
}
