package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.ExecutorLoss;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.TaskFailureCount;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;

/**
 * What went wrong in a run, bounded: task failures grouped by reason, recent executor losses, and the
 * exception that failed a job.
 */
final class FailureCollector {

  static final int MAX_REASONS = 20;
  static final int MAX_EXECUTOR_LOSSES = 20;
  static final int MAX_FRAMES = 10;
  private static final String OTHER = "(other reasons)";
  private static final Pattern EXIT_CODE =
      // YARN: "Exit code is 137", "Exit status: 143"; Kubernetes: "exited with exit code 137(OOMKilled)"
      Pattern.compile("(?i)(?:exit code|exit status|exitcode|exited with code)(?: is)?[:=]?\\s*(-?\\d+)");

  private final Map<String, ReasonCount> reasons = new LinkedHashMap<>();
  private final Deque<ExecutorLoss> executorLosses = new ArrayDeque<>();
  private long executorsLost;
  private String exceptionClass;
  private String message;
  private List<String> topFrames = List.of();
  private Integer failedJobId;
  private Integer failedStageId;

  void taskEnded(TaskOutcome outcome, TaskEndReason reason) {
    if (outcome == TaskOutcome.SUCCEEDED) {
      return;
    }
    String kind = reason.getClass().getSimpleName().replace("$", "");
    String detail;
    String example;
    if (reason instanceof ExceptionFailure ef) {
      detail = ef.className();
      example = ef.className() + ": " + ef.description() + rootCauseSuffix(ef.fullStackTrace());
    } else if (reason instanceof ExecutorLostFailure lost) {
      example = ScalaInterop.stringOrNull(lost.reason());
      detail = lost.exitCausedByApp() ? "caused by app" : "not caused by app";
    } else if (reason instanceof TaskFailedReason failed) {
      example = failed.toErrorString();
      detail = Text.firstLine(example);
    } else {
      example = reason.toString();
      detail = null;
    }
    String key = kind + '\u0000' + detail;
    ReasonCount count = reasons.get(key);
    if (count == null) {
      if (reasons.size() >= MAX_REASONS) {
        count = reasons.computeIfAbsent(OTHER, k -> new ReasonCount(OTHER, null, null));
      } else {
        count = new ReasonCount(kind, detail, Text.truncate(example, Text.MAX_MESSAGE));
        reasons.put(key, count);
      }
    }
    count.count++;
  }

  void executorRemoved(String executorId, long timeMs, String reason) {
    executorsLost++;
    if (executorLosses.size() >= MAX_EXECUTOR_LOSSES) {
      executorLosses.removeFirst();
    }
    executorLosses.addLast(
        new ExecutorLoss(executorId, timeMs, Text.truncate(reason, Text.MAX_SHORT), exitCode(reason)));
  }

  /**
   * The last "Caused by:" line of a task's stack trace: Spark wraps the real cause (e.g. "No space
   * left on device" under TASK_WRITE_FAILED), and triage needs it.
   */
  static String rootCauseSuffix(String fullStackTrace) {
    if (fullStackTrace == null) {
      return "";
    }
    int at = fullStackTrace.lastIndexOf("Caused by: ");
    if (at < 0) {
      return "";
    }
    int end = fullStackTrace.indexOf('\n', at);
    String line = fullStackTrace.substring(at + "Caused by: ".length(), end < 0 ? fullStackTrace.length() : end);
    return " | root cause: " + Text.truncate(line.trim(), Text.MAX_SHORT);
  }

  static Integer exitCode(String reason) {
    if (reason == null) {
      return null;
    }
    Matcher m = EXIT_CODE.matcher(reason);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  void stageFailed(int stageId) {
    failedStageId = stageId;
  }

  void jobFailed(int jobId, Throwable exception) {
    failedJobId = jobId;
    if (exception == null) {
      return;
    }
    exceptionClass = exception.getClass().getName();
    message = Text.truncate(exception.getMessage(), Text.MAX_MESSAGE);
    List<String> frames = new ArrayList<>();
    for (StackTraceElement e : exception.getStackTrace()) {
      if (frames.size() == MAX_FRAMES) {
        break;
      }
      frames.add(Text.truncate(e.toString(), Text.MAX_SHORT));
    }
    topFrames = frames;
  }

  long estimatedBytes() {
    long bytes = RetainedSize.FAILURE_BASE + 2L * (message == null ? 0 : message.length());
    for (ReasonCount r : reasons.values()) {
      bytes += RetainedSize.REASON_BASE + 2L * (r.example == null ? 0 : r.example.length());
    }
    for (String frame : topFrames) {
      bytes += 48 + 2L * frame.length();
    }
    return bytes + executorLosses.size() * RetainedSize.EXECUTOR_LOSS;
  }

  boolean hasAnything() {
    return failedJobId != null || !reasons.isEmpty() || executorsLost > 0;
  }

  Failure snapshot() {
    if (!hasAnything()) {
      return null;
    }
    List<TaskFailureCount> counts = new ArrayList<>();
    for (ReasonCount r : reasons.values()) {
      counts.add(new TaskFailureCount(r.kind, r.detail, r.example, r.count));
    }
    counts.sort(Comparator.comparingLong(TaskFailureCount::count).reversed());
    return new Failure(
        exceptionClass,
        message,
        topFrames,
        failedJobId,
        failedStageId,
        counts,
        List.copyOf(executorLosses),
        executorsLost);
  }

  private static final class ReasonCount {
    final String kind;
    final String detail;
    final String example;
    long count;

    ReasonCount(String kind, String detail, String example) {
      this.kind = kind;
      this.detail = detail;
      this.example = example;
    }
  }
}
