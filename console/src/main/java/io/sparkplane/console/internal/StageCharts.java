package io.sparkplane.console.internal;

import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.StageSummary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * Inline SVG charts of a run's stages, drawn on the server: a timeline, and per stage the
 * distribution (p50, p90, p99, max) of a per-task metric on one linear scale, so a skewed stage's
 * tiny median under a huge max is visible at a glance. Internal.
 */
public final class StageCharts {

  private static final int TIMELINE_WIDTH = 960;
  private static final int LABEL_WIDTH = 230;
  private static final int ROW = 22;
  private static final int DIST_WIDTH = 330;
  private static final int DIST_LABEL = 40;
  private static final int DIST_VALUE = 80;
  private static final int DIST_ROW = 17;

  private StageCharts() {}

  /**
   * Gantt chart of the stages between the run's start and end.
   *
   * @param stages in display order
   * @param skewed ids of the stages to flag
   */
  public static String timeline(
      List<StageSummary> stages, Set<Integer> skewed, long runStartMs, long runEndMs) {
    long start = runStartMs;
    long end = Math.max(runEndMs, runStartMs + 1);
    for (StageSummary s : stages) {
      if (s.submissionTimeMs() != null) {
        start = Math.min(start, s.submissionTimeMs());
      }
      if (s.completionTimeMs() != null) {
        end = Math.max(end, s.completionTimeMs());
      }
    }
    double span = end - start;
    int plot = TIMELINE_WIDTH - LABEL_WIDTH - 70;
    int height = ROW * stages.size() + 28;
    Html h = new Html();
    h.raw("<svg class=\"timeline\" role=\"img\" aria-label=\"Stage timeline\" xmlns=\"http://www.w3.org/2000/svg\"")
        .attr("width", TIMELINE_WIDTH)
        .attr("height", height)
        .attr("viewBox", "0 0 " + TIMELINE_WIDTH + " " + height)
        .raw(">");
    for (int tick = 0; tick <= 4; tick++) {
      double x = LABEL_WIDTH + plot * tick / 4.0;
      h.raw("<line class=\"grid\"").attr("x1", fmt(x)).attr("x2", fmt(x)).attr("y1", 0).attr("y2", height - 18).raw("/>");
      h.raw("<text class=\"tick\"").attr("x", fmt(x)).attr("y", height - 4).attr("text-anchor", "middle").raw(">")
          .text("+" + Formats.millis(span * tick / 4.0)).raw("</text>");
    }
    int row = 0;
    for (StageSummary s : stages) {
      double y = row * ROW + 3;
      long from = s.submissionTimeMs() != null ? s.submissionTimeMs() : start;
      long to = s.completionTimeMs() != null ? s.completionTimeMs() : from + Math.max(0, s.durationMs());
      double x = LABEL_WIDTH + plot * (from - start) / span;
      double w = Math.max(2, plot * (to - from) / span);
      boolean isSkewed = skewed.contains(s.stageId());
      String cls = "bar " + statusClass(s.status()) + (isSkewed ? " skewed" : "");
      h.raw("<g class=\"stage-row\"").attr("data-stage", s.stageId()).attr("data-skewed", isSkewed).raw(">");
      h.raw("<text class=\"label\"").attr("x", 4).attr("y", fmt(y + 13)).raw(">")
          .text(shorten("Stage " + s.stageId() + (s.attempt() > 0 ? "." + s.attempt() : "") + " " + nz(s.name()), 34))
          .raw("</text>");
      h.raw("<rect").attr("class", cls).attr("x", fmt(x)).attr("y", fmt(y)).attr("width", fmt(w)).attr("height", ROW - 6)
          .raw("><title>")
          .text("Stage " + s.stageId() + " · " + s.status() + " · " + Formats.millis(s.durationMs()) + " · " + s.numTasks() + " tasks")
          .raw("</title></rect>");
      if (isSkewed) {
        h.raw("<text class=\"skew-flag\"").attr("x", fmt(Math.min(x + w + 4, TIMELINE_WIDTH - 66))).attr("y", fmt(y + 13)).raw(">")
            .text("skew " + Formats.ratio(Math.max(s.skewRatio(), s.durationSkewRatio())))
            .raw("</text>");
      }
      h.raw("</g>");
      row++;
    }
    return h.raw("</svg>").toString();
  }

  /** Bars for p50, p90, p99 and max of one per-task metric, on one scale from 0 to max. */
  public static String distribution(
      String metric, int stageId, Quantiles q, DoubleFunction<String> format, boolean skewed) {
    int height = DIST_ROW * 4 + 6;
    Html h = new Html();
    h.raw("<svg role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"")
        .attr("class", "dist" + (skewed ? " skewed" : ""))
        .attr("data-metric", metric)
        .attr("data-stage", stageId)
        .attr("aria-label", metric + " distribution of stage " + stageId)
        .attr("width", DIST_WIDTH)
        .attr("height", height)
        .attr("viewBox", "0 0 " + DIST_WIDTH + " " + height)
        .raw(">");
    double[] values = {q.p50(), q.p90(), q.p99(), q.max()};
    String[] names = {"p50", "p90", "p99", "max"};
    double top = q.max() > 0 ? q.max() : 1;
    int plot = DIST_WIDTH - DIST_LABEL - DIST_VALUE;
    for (int i = 0; i < 4; i++) {
      double y = i * DIST_ROW + 3;
      double w = Math.max(values[i] > 0 ? 1.5 : 0, plot * values[i] / top);
      h.raw("<text class=\"q\"").attr("x", 2).attr("y", fmt(y + 11)).raw(">").text(names[i]).raw("</text>");
      h.raw("<rect").attr("class", "q-" + names[i]).attr("x", DIST_LABEL).attr("y", fmt(y)).attr("width", fmt(w))
          .attr("height", DIST_ROW - 5).raw("/>");
      h.raw("<text class=\"v\"").attr("x", fmt(DIST_LABEL + w + 4)).attr("y", fmt(y + 11)).raw(">")
          .text(format.apply(values[i])).raw("</text>");
    }
    return h.raw("</svg>").toString();
  }

  private static String statusClass(String status) {
    return switch (status == null ? "" : status.toUpperCase(Locale.ROOT)) {
      case "COMPLETE" -> "complete";
      case "FAILED" -> "failed";
      default -> "active";
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
