package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.JoinSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A join whose output dwarfs its input: duplicate keys on both sides, a missing join condition, a
 * cross join. Reported when a join produced ≥ {@code triage.cartesian.minOutputRows} rows and ≥
 * {@code triage.cartesian.minOutputToInputRatio} × the rows its stage read; a Cartesian or
 * nested-loop operator whose input is unknown only needs the row count.
 */
public final class CartesianDetector implements Detector {

  private static final Pattern PRODUCT_OPERATOR = Pattern.compile("CartesianProduct|NestedLoopJoin");

  private final TriageSettings settings;

  public CartesianDetector(TriageSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> detect(RunFacts run) {
    JoinSummary worst = null;
    for (JoinSummary join : run.summary().map(s -> s.joins()).orElse(List.of())) {
      if (explodes(join) && (worst == null || join.outputRows() > worst.outputRows())) {
        worst = join;
      }
    }
    return worst == null ? List.of() : List.of(finding(worst));
  }

  private boolean explodes(JoinSummary join) {
    if (join.outputRows() < settings.cartesianMinOutputRows()) {
      return false;
    }
    if (join.stageInputRows() > 0) {
      return join.outputToInputRatio() >= settings.cartesianMinOutputToInputRatio();
    }
    return PRODUCT_OPERATOR.matcher(join.operator()).find();
  }

  private Finding finding(JoinSummary join) {
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(Evidence.metric("joins.outputRows", join.outputRows(), (double) settings.cartesianMinOutputRows(), join.stageId()));
    if (join.stageInputRows() > 0) {
      evidence.add(Evidence.metric("joins.stageInputRows", join.stageInputRows(), null, join.stageId()));
      evidence.add(
          Evidence.metric("joins.outputToInputRatio", join.outputToInputRatio(), settings.cartesianMinOutputToInputRatio(), join.stageId()));
    }
    evidence.add(new Evidence(Evidence.METRIC, "joins.operator", null, null, join.stageId(),
        join.operator() + (join.condition() == null ? "" : " " + join.condition())));
    double ratio = join.stageInputRows() > 0 ? join.outputToInputRatio() : settings.cartesianMinOutputToInputRatio();
    double confidence = 0.8 + 0.15 * Math.min(1, Math.log10(ratio / settings.cartesianMinOutputToInputRatio() + 1));
    String where = join.stageId() != null ? " in stage " + join.stageId() : "";
    String summary =
        join.stageInputRows() > 0
            ? String.format("Join explosion%s: %s%s produced %s rows from %s input rows (%.0f×)", where, join.operator(),
                condition(join), human(join.outputRows()), human(join.stageInputRows()), join.outputToInputRatio())
            : String.format("Join explosion%s: %s%s produced %s rows", where, join.operator(), condition(join), human(join.outputRows()));
    return new Finding(TriageClass.CARTESIAN_EXPLOSION, Math.min(0.97, confidence), summary, evidence);
  }

  private static String condition(JoinSummary join) {
    if (join.condition() == null || join.condition().isBlank()) {
      return "";
    }
    String c = join.condition();
    return " on " + (c.length() <= 60 ? c : c.substring(0, 60) + "...");
  }

  static String human(long n) {
    if (n >= 1_000_000_000L) {
      return String.format("%.1fB", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format("%.1fM", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format("%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }
}
