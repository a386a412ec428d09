package io.sparkplane.triage;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.detect.BroadcastFailureDetector;
import io.sparkplane.triage.detect.CartesianDetector;
import io.sparkplane.triage.detect.Detector;
import io.sparkplane.triage.detect.DiskFullDetector;
import io.sparkplane.triage.detect.ErrorLine;
import io.sparkplane.triage.detect.ExternalSystemDetector;
import io.sparkplane.triage.detect.MemoryFailureDetector;
import io.sparkplane.triage.detect.PartitioningDetector;
import io.sparkplane.triage.detect.PlanningDetector;
import io.sparkplane.triage.detect.ResultSizeDetector;
import io.sparkplane.triage.detect.RunFacts;
import io.sparkplane.triage.detect.ShuffleFetchDetector;
import io.sparkplane.triage.detect.SkewDetector;
import io.sparkplane.triage.detect.UserCodeDetector;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a run: runs every detector, picks one primary finding and keeps the rest as secondary.
 *
 * <p>The primary is the most confident finding, except that a root cause beats its symptoms: a
 * Cartesian explosion or data skew beats the memory or disk failure it caused. Error-text findings
 * beat metric findings in failed runs unless the metric finding is a root cause of the error.
 *
 * <pre>{@code
 * RunClassifier classifier = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC());
 * Optional<Verdict> verdict = classifier.classify(storedRun); // empty: nothing to triage
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RunClassifier {

  /** Longest summary line. */
  public static final int MAX_SUMMARY_CHARS = 240;

  private static final Set<TriageClass> SYMPTOMS =
      EnumSet.of(
          TriageClass.EXECUTOR_OOM,
          TriageClass.CONTAINER_MEMORY_EXCEEDED,
          TriageClass.DRIVER_OOM,
          TriageClass.DISK_FULL,
          TriageClass.SHUFFLE_FETCH_FAILURE);
  private static final Set<TriageClass> METRIC_CLASSES =
      EnumSet.of(
          TriageClass.DATA_SKEW,
          TriageClass.CARTESIAN_EXPLOSION,
          TriageClass.SUBOPTIMAL_PARTITIONING,
          TriageClass.PLANNING_BOTTLENECK);

  private final List<Detector> detectors;
  private final Clock clock;

  public RunClassifier(TriageSettings settings, Clock clock) {
    this(defaultDetectors(settings), clock);
  }

  public RunClassifier(List<Detector> detectors, Clock clock) {
    this.detectors = List.copyOf(detectors);
    this.clock = clock;
  }

  public static List<Detector> defaultDetectors(TriageSettings settings) {
    return List.of(
        new SkewDetector(settings),
        new CartesianDetector(settings),
        new MemoryFailureDetector(settings),
        new ResultSizeDetector(),
        new BroadcastFailureDetector(),
        new ShuffleFetchDetector(),
        new DiskFullDetector(),
        new ExternalSystemDetector(),
        new PartitioningDetector(settings),
        new PlanningDetector(settings),
        new UserCodeDetector());
  }

  /**
   * Why {@code run} should be triaged: it failed, was lost, or succeeded after its SLA deadline
   * ({@link Trigger#FAILED} also for a run Spark itself cancelled because a broadcast failed);
   * empty for runs that are running, cancelled by someone, or succeeded in time.
   */
  public static Optional<Trigger> triggerOf(StoredRun run) {
    return switch (run.status()) {
      case FAILED -> Optional.of(Trigger.FAILED);
      case LOST -> Optional.of(Trigger.LOST);
      case SUCCEEDED -> breachedSla(run) ? Optional.of(Trigger.SLA_BREACH) : Optional.empty();
      case CANCELLED -> cancelledBySpark(run) ? Optional.of(Trigger.FAILED) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Spark cancels a query's jobs itself when its broadcast fails: that run failed. */
  private static boolean cancelledBySpark(StoredRun run) {
    RunSummary s = run.summary();
    String message = s == null || s.failure() == null ? null : s.failure().message();
    return message != null && message.contains(BroadcastFailureDetector.CANCELLED_BY_BROADCAST);
  }

  private static boolean breachedSla(StoredRun run) {
    Long deadline = run.identity().slaDeadlineMs();
    if (deadline == null) {
      return false;
    }
    RunSummary s = run.summary();
    Long end = s != null && s.timing().endTimeMs() != null ? s.timing().endTimeMs() : run.endTimeMs();
    return end != null && deadline < end;
  }

  /** The verdict of {@code run}, if it is one to triage ({@link #triggerOf}). */
  public Optional<Verdict> classify(StoredRun run) {
    return triggerOf(run).map(trigger -> classify(run, trigger));
  }

  /** The verdict of {@code run} for the given trigger. */
  public Verdict classify(StoredRun run, Trigger trigger) {
    RunFacts facts = RunFacts.of(run);
    List<Finding> findings = new ArrayList<>();
    for (Detector detector : detectors) {
      findings.addAll(detector.detect(facts));
    }
    Finding primary = primary(findings, trigger, facts);
    List<Finding> secondary = new ArrayList<>();
    for (Finding f : findings) {
      if (f != primary && f.triageClass() != primary.triageClass()) {
        secondary.add(f);
      }
    }
    secondary.sort(Comparator.comparingDouble(Finding::confidence).reversed());
    String summary = line(primary.triageClass() + ": " + primary.summary());
    return new Verdict(
        Verdict.VERSION,
        run.runId(),
        run.tenant(),
        run.identity().workload(),
        run.status(),
        trigger,
        primary.triageClass(),
        primary.confidence(),
        summary,
        Fingerprint.of(primary.triageClass(), run.identity()),
        primary.evidence(),
        secondary,
        RemedyCatalog.forClass(primary.triageClass()),
        clock.millis());
  }

  private static Finding primary(List<Finding> findings, Trigger trigger, RunFacts facts) {
    if (findings.isEmpty()) {
      return unknown(trigger, facts);
    }
    List<Finding> errors = findings.stream().filter(f -> !METRIC_CLASSES.contains(f.triageClass())).toList();
    Finding topError = best(errors);
    if (topError == null) {
      Finding topMetric = best(findings);
      // A failure no known text explains is not proven to be caused by a slow stage
      return trigger == Trigger.SLA_BREACH ? topMetric : discounted(topMetric, 0.8);
    }
    if (SYMPTOMS.contains(topError.triageClass())) {
      for (TriageClass cause : List.of(TriageClass.CARTESIAN_EXPLOSION, TriageClass.DATA_SKEW)) {
        Optional<Finding> root = findings.stream().filter(f -> f.triageClass() == cause).findFirst();
        if (root.isPresent()) {
          return root.get();
        }
      }
    }
    return topError;
  }

  private static Finding best(List<Finding> findings) {
    Finding best = null;
    for (Finding f : findings) {
      if (best == null
          || f.confidence() > best.confidence()
          || (f.confidence() == best.confidence() && f.triageClass().ordinal() < best.triageClass().ordinal())) {
        best = f;
      }
    }
    return best;
  }

  private static Finding discounted(Finding f, double factor) {
    return new Finding(f.triageClass(), f.confidence() * factor, f.summary(), f.evidence());
  }

  private static Finding unknown(Trigger trigger, RunFacts facts) {
    StoredRun run = facts.run();
    if (run.status() == RunStatus.LOST) {
      Heartbeat hb = run.lastHeartbeat();
      if (hb != null && hb.driverHeapMaxBytes() > 0) {
        double used = (double) hb.driverHeapUsedBytes() / hb.driverHeapMaxBytes();
        List<Evidence> evidence = new ArrayList<>();
        String heap;
        if (hb.driverHeapAfterGcBytes() != null) {
          double afterGc = (double) hb.driverHeapAfterGcBytes() / hb.driverHeapMaxBytes();
          heap = String.format("%.0f%% of its heap in use after its last GC (%.0f%% at that moment)", afterGc * 100, used * 100);
          evidence.add(Evidence.metric("lastHeartbeat.driverHeapAfterGcFraction", afterGc, null, null));
        } else {
          heap = String.format("its heap at %.0f%% of max", used * 100);
        }
        evidence.add(Evidence.metric("lastHeartbeat.driverHeapUsedFraction", used, null, null));
        // an OOM faster than the heartbeats (a broadcast build) can look the same: docs/triage.md
        return new Finding(
            TriageClass.UNKNOWN,
            0.5,
            "Driver stopped reporting with " + heap
                + ": no sign of an OOM in its last heartbeat (killed, host lost, or an OOM between heartbeats)",
            List.copyOf(evidence));
      }
      return new Finding(TriageClass.UNKNOWN, 0.5, "Driver stopped reporting; no heartbeat to judge by", List.of());
    }
    if (trigger == Trigger.SLA_BREACH) {
      return new Finding(TriageClass.UNKNOWN, 0.5, "Missed its SLA with no skew, explosion, partitioning or planning signal", List.of());
    }
    List<ErrorLine> lines = facts.errorLines();
    if (lines.isEmpty()) {
      return new Finding(TriageClass.UNKNOWN, 0.5, "Failed without an error text", List.of());
    }
    ErrorLine first = lines.stream().filter(l -> l.source().equals("failure.message")).findFirst().orElse(lines.get(0));
    return new Finding(
        TriageClass.UNKNOWN,
        0.5,
        "Failed with no known signature: " + first.text(),
        List.of(Evidence.errorLine(first.source(), first.text(), first.stageId())));
  }

  private static String line(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= MAX_SUMMARY_CHARS ? one : one.substring(0, MAX_SUMMARY_CHARS - 3) + "...";
  }
}
