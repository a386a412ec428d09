package io.sparkplane.triage.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cases that need their own JVM: {@link SubprocessApp} reports to a real collector. Runs whose JVM
 * died are marked {@code LOST}, as the collector's lost-run detection does after missed heartbeats.
 */
public final class SubprocessCases {

  private final RunStore store;
  private final String collectorUrl;
  private final Path work;

  public SubprocessCases(RunStore store, String collectorUrl, Path work) {
    this.store = store;
    this.collectorUrl = collectorUrl;
    this.work = work;
  }

  public List<CorpusCase> driverOoms() {
    List<CorpusCase> out = new ArrayList<>();
    tryAdd(out, () -> lost("driver-oom-collect", TriageClass.DRIVER_OOM, "collect() of 400M rows into a 512 MB driver (-XX:+ExitOnOutOfMemoryError)"));
    tryAdd(out, () -> lost("driver-oom-broadcast", TriageClass.DRIVER_OOM, "Broadcast hint on a 60M-row side: the driver builds the relation and dies"));
    tryAdd(out, () -> lost("driver-oom-task-heap", TriageClass.DRIVER_OOM,
        "collect_list of 80M hashes in one task; in local mode the task heap is the driver's, so the driver dies"));
    return out;
  }

  private static void tryAdd(List<CorpusCase> out, Producer p) {
    try {
      out.add(p.get());
    } catch (Exception e) {
      System.out.println("[corpus] FAILED: " + e);
    }
  }

  @FunctionalInterface
  private interface Producer {
    CorpusCase get() throws Exception;
  }

  public CorpusCase killed() throws Exception {
    String prefix = "corpus-";
    Process p = start("killed", prefix, null, "512m");
    String runId = prefix + "killed";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      Optional<StoredRun> r = store.findRun("acme", runId);
      if (r.isPresent() && r.get().eventCount() >= 6) {
        break;
      }
      Thread.sleep(200);
    }
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    return new CorpusCase("unknown-driver-killed", TriageClass.UNKNOWN, "spark-subprocess",
        "Driver killed with SIGKILL mid-job (node lost / preempted) with a mostly empty heap", asLost(find(runId)));
  }

  /** Runs the disk-full app with spark.local.dir on a 24 MB tmpfs; empty when tmpfs cannot be mounted. */
  public List<CorpusCase> diskFull() throws Exception {
    Path dir = work.resolve("tinyfs");
    Files.createDirectories(dir);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir.toString()).inheritIO().start();
    if (mount.waitFor() != 0) {
      System.out.println("[corpus] cannot mount a tmpfs (needs root); disk-full cases come from recorded texts only");
      return List.of();
    }
    try {
      Process p = start("disk-full", "corpus-", dir.toString(), "1g");
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      List<CorpusCase> out = new ArrayList<>();
      out.add(finished("disk-full-output-write", "Parquet write of 6M rows of two UUIDs to an output path on a full 24 MB tmpfs (also spark.local.dir)"));
      out.add(finished("disk-full-sort-shuffle", "GROUP BY + ORDER BY of 3M distinct hashes with spark.local.dir on a 24 MB tmpfs"));
      out.add(finished("disk-full-disk-only-cache", "persist(DISK_ONLY) of 3M hashed rows with spark.local.dir on a 24 MB tmpfs"));
      return out;
    } finally {
      new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
    }
  }

  private CorpusCase finished(String name, String description) throws InterruptedException {
    StoredRun run = CorpusRecorder.awaitFinished(store, "acme", "corpus-" + name, Duration.ofSeconds(30));
    return new CorpusCase(name, TriageClass.DISK_FULL, "spark-subprocess", description, run);
  }

  private CorpusCase lost(String mode, TriageClass label, String description) throws Exception {
    Process p = start(mode, "corpus-", null, "512m");
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(mode + " did not die within 300 s");
    }
    String log = Files.readString(work.resolve(mode + ".log"));
    if (!log.contains("OutOfMemoryError")) {
      throw new IllegalStateException(mode + " exited without an OutOfMemoryError; see " + work.resolve(mode + ".log"));
    }
    return new CorpusCase(mode, label, "spark-subprocess", description, asLost(find("corpus-" + mode)));
  }

  private StoredRun find(String runId) {
    return store.findRun("acme", runId).orElseThrow(() -> new IllegalStateException("no run " + runId + " reached the collector"));
  }

  /** The run as the lost-run detection leaves it: status LOST, last heartbeat kept. */
  static StoredRun asLost(StoredRun run) {
    ObjectNode json = Corpus.JSON.valueToTree(run);
    json.put("status", "LOST");
    return Corpus.JSON.convertValue(json, StoredRun.class);
  }

  private Process start(String mode, String prefix, String localDir, String heap) throws Exception {
    Process p = launch(mode, prefix, localDir, heap);
    // Another build may be replacing a jar of the classpath right now: Spark then cannot load the
    // listener. Try once more after a pause.
    Thread.sleep(8000);
    if (!p.isAlive() && Files.readString(work.resolve(mode + ".log")).contains("Error initializing SparkContext")) {
      Thread.sleep(5000);
      p = launch(mode, prefix, localDir, heap);
    }
    return p;
  }

  private Process launch(String mode, String prefix, String localDir, String heap) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    for (String opens : System.getProperty("sparkplane.test.opens", "").split(" ")) {
      if (!opens.isBlank()) {
        cmd.add(opens);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SubprocessApp.class.getName());
    cmd.add(mode);
    cmd.add(collectorUrl);
    cmd.add(prefix);
    if (localDir != null) {
      cmd.add(localDir);
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve(mode + ".log").toFile()).start();
  }
}
