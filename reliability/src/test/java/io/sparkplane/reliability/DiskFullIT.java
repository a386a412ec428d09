package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's disk fills up under ingest (a 32 MiB tmpfs, filled by a file), then frees
 * again: the collector answers 503 with Retry-After for what it cannot store, never 2xx for it, and
 * accepts again by itself once there is room, without a restart. Skipped, with the reason, when the
 * test may not mount a tmpfs (not root, or a container without CAP_SYS_ADMIN).
 */
@DisplayName("Embedded store on a full disk")
class DiskFullIT {

  private static final int RUNS = 20;
  private static final int HEARTBEATS = 98;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("answers 503 with Retry-After while the disk is full, never 2xx for what it did not store, and recovers by itself")
  void diskFull() throws Exception {
    Path mountPoint = Files.createDirectories(tmp.resolve("tmpfs"));
    SmallTmpfs.Mounted mounted = SmallTmpfs.tryMount(mountPoint, 32);
    Assumptions.assumeTrue(mounted.fs() != null, "disk-full test skipped: " + mounted.whyNot());
    try (SmallTmpfs fs = mounted.fs()) {
      run(fs);
    }
  }

  private void run(SmallTmpfs fs) throws Exception {
    long submit = System.currentTimeMillis() - 3_600_000;
    List<List<TelemetryEvent>> batches = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      List<TelemetryEvent> run =
          SyntheticRuns.run("full-" + r, "disk-full", submit + r, HEARTBEATS, RunStatus.SUCCEEDED);
      for (int i = 0; i < run.size(); i += 10) {
        batches.add(List.copyOf(run.subList(i, Math.min(run.size(), i + 10))));
      }
    }
    int port = ControlPlaneProcess.freePort();
    Path log = Reports.dir().resolve("disk-full-server.log");
    Files.deleteIfExists(log);
    try (ControlPlaneProcess server =
        new ControlPlaneProcess(port, fs.dir().resolve("data"), log, List.of()).start()) {
      IngestClient client = new IngestClient(port, Duration.ofSeconds(10));
      boolean[] acked = new boolean[batches.size()];
      int i = 0;
      // Healthy: the first quarter goes in.
      for (; i < batches.size() / 4; i++) {
        assertThat(client.send(batches.get(i)).status()).isEqualTo(200);
        acked[i] = true;
      }
      long filled = fs.fill();
      // Full: send on until the store refuses (H2 may still have slack in its file).
      int refused = 0;
      int ackedWhileFull = 0;
      List<String> retryAfter = new ArrayList<>();
      int firstRefused = -1;
      for (; i < batches.size() && refused < 20; i++) {
        IngestClient.Answer a = client.send(batches.get(i));
        if (a.acknowledged()) {
          acked[i] = true;
          ackedWhileFull++;
        } else {
          assertThat(a.status()).as("answer while the disk is full: %s", a.body()).isEqualTo(503);
          retryAfter.add(a.retryAfter().orElse("missing"));
          firstRefused = firstRefused < 0 ? i : firstRefused;
          refused++;
        }
      }
      assertThat(refused).as("batches refused while the disk is full").isPositive();
      assertThat(retryAfter).as("Retry-After on every 503").allMatch(v -> v.matches("\\d+"));
      int readyWhileFull = client.get("/health/ready").statusCode();

      // Room again: the same process accepts again by itself.
      fs.free();
      long freedAt = System.nanoTime();
      Duration recovery = null;
      while (recovery == null) {
        IngestClient.Answer a = client.send(batches.get(firstRefused));
        if (a.acknowledged()) {
          recovery = Duration.ofNanos(System.nanoTime() - freedAt);
        } else {
          assertThat(Duration.ofNanos(System.nanoTime() - freedAt))
              .as("recovery without a restart (last answer %d %s)", a.status(), a.body())
              .isLessThan(Duration.ofSeconds(60));
          Thread.sleep(1_000);
        }
      }
      // Every acknowledged event is stored; the refused ones are not yet (or were stored whole).
      assertStoredAtLeast(client, batches, acked);
      // Redeliver everything not acknowledged, then the rest of the stream.
      for (int b = 0; b < batches.size(); b++) {
        if (!acked[b]) {
          assertThat(client.send(batches.get(b)).status()).isEqualTo(200);
          acked[b] = true;
        }
      }
      for (int r = 0; r < RUNS; r++) {
        assertThat(client.eventCount(SyntheticRuns.TENANT, "full-" + r)).isEqualTo(HEARTBEATS + 2);
      }
      Reports.write(
          "disk-full.txt",
          String.format(
              "tmpfs 32 MiB, filler %,d bytes; while full: %d batches acknowledged (stored, H2 slack), %d refused,"
                  + " all 503 with Retry-After %s; /health/ready while full: %d; accepting again %d ms after"
                  + " space returned, same process; all %d runs exact after redelivery%n",
              filled, ackedWhileFull, refused, retryAfter.get(0), readyWhileFull,
              recovery.toMillis(), RUNS));
    }
  }

  private static void assertStoredAtLeast(
      IngestClient client, List<List<TelemetryEvent>> batches, boolean[] acked) throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    for (int b = 0; b < batches.size(); b++) {
      if (acked[b]) {
        for (TelemetryEvent e : batches.get(b)) {
          expected.merge(e.run().runId(), 1L, Long::sum);
        }
      }
    }
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      assertThat(client.eventCount(SyntheticRuns.TENANT, e.getKey()))
          .as("acknowledged events of %s stored", e.getKey())
          .isGreaterThanOrEqualTo(e.getValue());
    }
  }
}
