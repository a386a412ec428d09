package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.ExecutorLoss;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Memory failures, told apart by where they happened: a container killed by its resource manager
 * (YARN's "exceeding memory limits", Kubernetes' OOMKilled / exit 137), an executor JVM out of heap
 * (OutOfMemoryError in a task or executor loss, Spark's exit code 52), or the driver (an
 * OutOfMemoryError outside any task, or a {@code LOST} run whose last heartbeat showed the heap near
 * its max: after the latest GC when the heartbeat says, else at that moment).
 */
public final class MemoryFailureDetector implements Detector {

  /** Exit code of a JVM killed with SIGKILL (128 + 9): the kernel or a container runtime OOM kill. */
  public static final int EXIT_SIGKILL = 137;
  /** Spark's own exit code for an executor that died of OutOfMemoryError (SparkExitCode.OOM). */
  public static final int EXIT_SPARK_OOM = 52;

  static final List<Signature> CONTAINER =
      List.of(
          Signature.of(
              TriageClass.CONTAINER_MEMORY_EXCEEDED,
              "Container killed by YARN for exceeding (physical |virtual )?memory limits|exceeding (physical |virtual )?memory limits",
              0.97,
              "Container killed for exceeding its memory limit"),
          Signature.of(
              TriageClass.CONTAINER_MEMORY_EXCEEDED,
              "OOMKilled|possible container OOM",
              0.96,
              "Container OOM-killed"),
          Signature.of(
              TriageClass.CONTAINER_MEMORY_EXCEEDED,
              "exit(ed)? (with )?(exit )?(code|status)[: ]*137\\b|Exit code is 137\\b",
              0.88,
              "Container killed with SIGKILL (exit 137)"));

  private static final Pattern OOM =
      Pattern.compile(
          "java\\.lang\\.OutOfMemoryError|GC overhead limit exceeded|SparkOutOfMemoryError|Unable to acquire \\d+ bytes of memory|\\(JVM OOM\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TASK_CONTEXT =
      Pattern.compile("Lost task|in stage \\d+|ExecutorLostFailure|executor \\d+|TID \\d+", Pattern.CASE_INSENSITIVE);
  private static final Pattern EXECUTOR_OOM_EXIT = Pattern.compile("exit(ed)? (with )?(exit )?code[: ]*52\\b", Pattern.CASE_INSENSITIVE);

  private final TriageSettings settings;

  public MemoryFailureDetector(TriageSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> detect(RunFacts run) {
    List<Finding> out = new ArrayList<>();
    container(run).ifPresent(out::add);
    executorOrDriverOom(run).ifPresent(out::add);
    lostDriver(run).ifPresent(out::add);
    return out;
  }

  private Optional<Finding> container(RunFacts run) {
    Optional<Finding> byText = Signature.first(run, CONTAINER, false);
    if (byText.isPresent()) {
      return byText;
    }
    return run.failure().stream()
        .flatMap(f -> f.executorLosses().stream())
        .filter(loss -> loss.exitCode() != null && loss.exitCode() == EXIT_SIGKILL)
        .findFirst()
        .map(this::sigkill);
  }

  private Finding sigkill(ExecutorLoss loss) {
    return new Finding(
        TriageClass.CONTAINER_MEMORY_EXCEEDED,
        0.85,
        "Executor " + loss.executorId() + " killed with SIGKILL (exit 137), usually its container's memory limit",
        List.of(Evidence.metric("executorLosses[" + loss.executorId() + "].exitCode", EXIT_SIGKILL, null, null)));
  }

  private Optional<Finding> executorOrDriverOom(RunFacts run) {
    for (ErrorLine line : run.errorLines()) {
      boolean oom = OOM.matcher(line.text()).find();
      boolean exit52 = line.source().startsWith("executorLosses") && EXECUTOR_OOM_EXIT.matcher(line.text()).find();
      if (!oom && !exit52) {
        continue;
      }
      if (inExecutor(run, line)) {
        return Optional.of(finding(TriageClass.EXECUTOR_OOM, 0.92, "Executor out of memory", line));
      }
      return Optional.of(finding(TriageClass.DRIVER_OOM, 0.88, "Driver out of memory", line));
    }
    for (ExecutorLoss loss : run.failure().map(f -> f.executorLosses()).orElse(List.of())) {
      if (loss.exitCode() != null && loss.exitCode() == EXIT_SPARK_OOM) {
        return Optional.of(
            new Finding(
                TriageClass.EXECUTOR_OOM,
                0.88,
                "Executor " + loss.executorId() + " exited with Spark's OOM exit code 52",
                List.of(Evidence.metric("executorLosses[" + loss.executorId() + "].exitCode", EXIT_SPARK_OOM, null, null))));
      }
    }
    return Optional.empty();
  }

  /** A task failure or executor loss, or a job failure whose message names the task that died. */
  private static boolean inExecutor(RunFacts run, ErrorLine line) {
    if (line.source().startsWith("taskFailures") || line.source().startsWith("executorLosses")) {
      return true;
    }
    if (line.source().startsWith("stages[")) {
      return true;
    }
    String message = run.failure().map(f -> f.message() == null ? "" : f.message()).orElse("");
    boolean tasksFailed = run.failure().map(f -> !f.taskFailures().isEmpty()).orElse(false);
    return tasksFailed || TASK_CONTEXT.matcher(message).find();
  }

  /**
   * A LOST run's driver judged by its last heartbeat: by the heap still in use after the latest GC
   * when the listener sent it (garbage a collection reclaimed does not count, so a healthy driver
   * killed just before a collection is not called an OOM; old-generation garbage a young collection
   * left behind still does), else by the heap in use at that moment.
   */
  private Optional<Finding> lostDriver(RunFacts run) {
    Heartbeat hb = run.run().lastHeartbeat();
    if (run.run().status() != RunStatus.LOST || hb == null || hb.driverHeapMaxBytes() <= 0) {
      return Optional.empty();
    }
    return hb.driverHeapAfterGcBytes() != null ? lostDriverAfterGc(hb, hb.driverHeapAfterGcBytes()) : lostDriverHeapUsed(hb);
  }

  private Optional<Finding> lostDriverAfterGc(Heartbeat hb, long afterGcBytes) {
    double threshold = settings.driverHeapAfterGcNearMaxFraction();
    double afterGc = (double) afterGcBytes / hb.driverHeapMaxBytes();
    if (afterGc < threshold) {
      return Optional.empty();
    }
    double confidence = Math.min(0.95, 0.85 + (afterGc - threshold));
    return Optional.of(
        new Finding(
            TriageClass.DRIVER_OOM,
            confidence,
            String.format(
                "Driver lost with %.0f%% of its heap still in use after its last GC (%d MiB of %d MiB) in its last heartbeat",
                afterGc * 100, afterGcBytes >> 20, hb.driverHeapMaxBytes() >> 20),
            List.of(
                Evidence.metric("lastHeartbeat.driverHeapAfterGcFraction", afterGc, threshold, null),
                Evidence.metric("lastHeartbeat.driverHeapAfterGcBytes", afterGcBytes, null, null),
                Evidence.metric("lastHeartbeat.driverHeapUsedBytes", hb.driverHeapUsedBytes(), null, null),
                Evidence.metric("lastHeartbeat.driverHeapMaxBytes", hb.driverHeapMaxBytes(), null, null))));
  }

  private Optional<Finding> lostDriverHeapUsed(Heartbeat hb) {
    double used = (double) hb.driverHeapUsedBytes() / hb.driverHeapMaxBytes();
    if (used < settings.driverHeapNearMaxFraction()) {
      return Optional.empty();
    }
    double confidence = Math.min(0.95, 0.8 + (used - settings.driverHeapNearMaxFraction()));
    return Optional.of(
        new Finding(
            TriageClass.DRIVER_OOM,
            confidence,
            String.format(
                "Driver lost with its heap at %.0f%% of max (%d MiB of %d MiB) in its last heartbeat",
                used * 100, hb.driverHeapUsedBytes() >> 20, hb.driverHeapMaxBytes() >> 20),
            List.of(
                Evidence.metric("lastHeartbeat.driverHeapUsedFraction", used, settings.driverHeapNearMaxFraction(), null),
                Evidence.metric("lastHeartbeat.driverHeapUsedBytes", hb.driverHeapUsedBytes(), null, null),
                Evidence.metric("lastHeartbeat.driverHeapMaxBytes", hb.driverHeapMaxBytes(), null, null))));
  }

  private static Finding finding(TriageClass c, double confidence, String what, ErrorLine line) {
    String where = line.stageId() != null ? " (stage " + line.stageId() + ")" : "";
    return new Finding(
        c, confidence, what + where + ": " + Signature.excerpt(line.text(), OOM),
        List.of(Evidence.errorLine(line.source(), line.text(), line.stageId())));
  }
}
