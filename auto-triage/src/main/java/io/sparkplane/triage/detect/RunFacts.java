package io.sparkplane.triage.detect;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.ExecutorLoss;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TaskFailureCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A run as detectors read it: the stored run plus its error texts split into lines once.
 *
 * <pre>{@code
 * RunFacts facts = RunFacts.of(storedRun);
 * facts.find(Pattern.compile("No space left on device")).ifPresent(line -> ...);
 * }</pre>
 */
public final class RunFacts {

  /** Longest error line kept as evidence. */
  public static final int MAX_LINE_CHARS = 400;

  private static final Pattern FETCH_FAILED = Pattern.compile("FetchFailed", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:-cluster)?\\[(\\d+|\\*)");

  private final StoredRun run;
  private final List<ErrorLine> lines;

  private RunFacts(StoredRun run, List<ErrorLine> lines) {
    this.run = run;
    this.lines = lines;
  }

  public static RunFacts of(StoredRun run) {
    return new RunFacts(run, collectLines(run.summary()));
  }

  public StoredRun run() {
    return run;
  }

  public Optional<RunSummary> summary() {
    return Optional.ofNullable(run.summary());
  }

  public Optional<Failure> failure() {
    return summary().map(RunSummary::failure);
  }

  public List<StageSummary> stages() {
    return summary().map(RunSummary::stages).orElse(List.of());
  }

  public List<ErrorLine> errorLines() {
    return lines;
  }

  /** The first error line (in summary order: job failure, stages, tasks, executors) matching. */
  public Optional<ErrorLine> find(Pattern pattern) {
    for (ErrorLine line : lines) {
      if (pattern.matcher(line.text()).find()) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but skipping lines that belong to a shuffle fetch failure. */
  public Optional<ErrorLine> findOutsideFetchFailures(Pattern pattern) {
    for (ErrorLine line : lines) {
      if (!line.fetchFailure() && pattern.matcher(line.text()).find()) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  /** Cores the run had, when the conf says: {@code local[N]}, or executors × cores. */
  public Optional<Integer> cores() {
    var resources = run.resources() != null ? run.resources() : summary().map(RunSummary::resources).orElse(null);
    if (resources == null) {
      return Optional.empty();
    }
    if (resources.master() != null) {
      Matcher m = LOCAL_MASTER.matcher(resources.master());
      if (m.find()) {
        return m.group(1).equals("*")
            ? Optional.of(Runtime.getRuntime().availableProcessors())
            : Optional.of(Integer.parseInt(m.group(1)));
      }
      if (resources.master().equals("local")) {
        return Optional.of(1);
      }
    }
    if (resources.executorInstances() != null && resources.executorCores() != null) {
      return Optional.of(resources.executorInstances() * resources.executorCores());
    }
    return Optional.empty();
  }

  private static List<ErrorLine> collectLines(@Nullable RunSummary summary) {
    List<ErrorLine> out = new ArrayList<>();
    if (summary == null) {
      return out;
    }
    Failure f = summary.failure();
    Integer failedStage = f == null ? null : f.failedStageId();
    if (f != null) {
      add(out, "failure.exceptionClass", f.exceptionClass(), failedStage, false);
      boolean fetch = f.message() != null && FETCH_FAILED.matcher(f.message()).find();
      add(out, "failure.message", f.message(), failedStage, fetch);
      for (String frame : f.topFrames()) {
        add(out, "failure.topFrames", frame, failedStage, false);
      }
    }
    for (StageSummary s : summary.stages()) {
      if (s.failureReason() != null) {
        boolean fetch = FETCH_FAILED.matcher(s.failureReason()).find();
        add(out, "stages[" + s.stageId() + "].failureReason", s.failureReason(), s.stageId(), fetch);
      }
    }
    if (f != null) {
      for (TaskFailureCount t : f.taskFailures()) {
        boolean fetch = "FetchFailed".equals(t.kind());
        String source = "taskFailures[" + t.kind() + "]";
        add(out, source, t.detail(), failedStage, fetch);
        add(out, source, t.example(), failedStage, fetch);
      }
      for (ExecutorLoss loss : f.executorLosses()) {
        add(out, "executorLosses[" + loss.executorId() + "]", loss.reason(), null, false);
      }
    }
    return List.copyOf(out);
  }

  private static void add(List<ErrorLine> out, String source, @Nullable String text, @Nullable Integer stageId, boolean fetch) {
    if (text == null || text.isBlank()) {
      return;
    }
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty()) {
        out.add(new ErrorLine(source, t.length() > MAX_LINE_CHARS ? t.substring(0, MAX_LINE_CHARS) : t, stageId, fetch));
      }
    }
  }
}
