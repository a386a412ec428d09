package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.console.ConsoleLinks;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TaskFailureCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One run's page: identity and timing, failure, triage verdict, retry history, attempts, alerts
 * that counted the run, the stage timeline and per-stage distributions, joins, and what the listener
 * cost. Internal.
 *
 * @param run the run
 * @param attachments the run's attachments by name
 * @param attempts the run's attempt chain (see {@link Attempts})
 * @param alerts what the alerts API answered, for the alerts that mention this run
 * @param skewRatioThreshold max/median at which a stage is flagged as skewed
 */
public record RunDetailPage(
    StoredRun run,
    Map<String, JsonNode> attachments,
    List<StoredRun> attempts,
    AlertsClient.Answer alerts,
    double skewRatioThreshold) {

  public static final String RETRY_ATTACHMENT = "retry";

  public String render(TenantScope scope) {
    RunIdentity id = run.identity();
    RunSummary summary = run.summary();
    JsonNode verdict = attachments.get(TriageView.ATTACHMENT);
    List<StageSummary> stages = stages(summary);
    Set<Integer> skewed = skewedStages(stages, verdict);
    Html h = new Html();
    h.raw("<h1 id=\"run-header\">Run <span class=\"run-id\">").text(id.runId()).raw("</span> ")
        .raw(RunsPage.statusBadge(run.status().name())).raw("</h1>");
    facts(h, summary);
    if (summary != null && summary.failure() != null) {
      failure(h, summary.failure());
    }
    h.raw(TriageView.render(verdict));
    retries(h);
    attemptsSection(h);
    alertsSection(h);
    stagesSection(h, summary, stages, skewed);
    if (summary != null && !summary.joins().isEmpty()) {
      joins(h, summary.joins());
    }
    listenerCost(h, summary == null ? null : summary.listenerCost());
    otherAttachments(h);
    return Layout.page("Run " + id.runId(), scope, h.toString());
  }

  /** Stages whose records or task-duration max/median reach the threshold, or that triage blamed. */
  Set<Integer> skewedStages(List<StageSummary> stages, @Nullable JsonNode verdict) {
    Set<Integer> skewed = new HashSet<>(TriageView.skewStages(verdict));
    for (StageSummary s : stages) {
      if (Math.max(s.skewRatio(), s.durationSkewRatio()) >= skewRatioThreshold) {
        skewed.add(s.stageId());
      }
    }
    return skewed;
  }

  private static List<StageSummary> stages(@Nullable RunSummary summary) {
    if (summary == null) {
      return List.of();
    }
    List<StageSummary> stages = new ArrayList<>(summary.stages());
    stages.sort(
        Comparator.comparingLong((StageSummary s) -> s.submissionTimeMs() == null ? Long.MAX_VALUE : s.submissionTimeMs())
            .thenComparingInt(StageSummary::stageId)
            .thenComparingInt(StageSummary::attempt));
    return stages;
  }

  private void facts(Html h, @Nullable RunSummary summary) {
    RunIdentity id = run.identity();
    h.raw("<dl class=\"facts\" id=\"facts\">");
    fact(h, "Tenant", id.tenant());
    h.raw("<dt>Workload</dt><dd>");
    if (id.workload() != null) {
      h.link("/ui/runs?tenant=" + Html.url(id.tenant()) + "&workload=" + Html.url(id.workload()), id.workload());
    } else {
      h.text("—");
    }
    h.raw("</dd>");
    fact(h, "Region", id.region());
    fact(h, "Attempt", id.attempt());
    fact(h, "Application", id.appId() + (id.appName() == null ? "" : " (" + id.appName() + ")"));
    fact(h, "Submitted", Formats.time(run.submitTimeMs()));
    fact(h, "Started", Formats.time(run.startTimeMs()));
    fact(h, "Ended", Formats.time(run.endTimeMs()));
    Long duration = summary != null && summary.timing() != null ? summary.timing().durationMs() : null;
    fact(h, "Duration", duration == null ? "—" : Formats.millis(duration));
    if (id.slaDeadlineMs() != null) {
      String sla = Formats.time(id.slaDeadlineMs());
      if (run.endTimeMs() != null && run.endTimeMs() > id.slaDeadlineMs()) {
        sla += " — missed by " + Formats.millis(run.endTimeMs() - id.slaDeadlineMs());
      }
      fact(h, "SLA deadline", sla);
    }
    ResourceConf r = run.resources();
    if (r != null) {
      List<String> parts = new ArrayList<>();
      if (r.executorInstances() != null) {
        parts.add(r.executorInstances() + " executors");
      }
      if (r.executorCores() != null) {
        parts.add(r.executorCores() + " cores each");
      }
      if (r.executorMemoryMb() != null) {
        parts.add(Formats.bytes(r.executorMemoryMb() * 1024.0 * 1024) + " executor memory");
      }
      if (r.shufflePartitions() != null) {
        parts.add(r.shufflePartitions() + " shuffle partitions");
      }
      if (r.adaptiveEnabled() != null) {
        parts.add("AQE " + (r.adaptiveEnabled() ? "on" : "off"));
      }
      if (r.sparkVersion() != null) {
        parts.add("Spark " + r.sparkVersion());
      }
      fact(h, "Resources", parts.isEmpty() ? "—" : String.join(", ", parts));
    }
    fact(h, "Events", run.eventCount());
    h.raw("</dl>");
  }

  private static void fact(Html h, String name, @Nullable Object value) {
    h.element("dt", name).element("dd", value == null ? "—" : value);
  }

  private static void failure(Html h, Failure f) {
    h.raw("<section id=\"failure\"><h2>Failure</h2>");
    h.raw("<p><code>").text(f.exceptionClass() == null ? "(no exception class)" : f.exceptionClass()).raw("</code>");
    if (f.failedStageId() != null) {
      h.raw(" in ").link("#stage-" + f.failedStageId(), "stage " + f.failedStageId());
    }
    h.raw("</p>");
    if (f.message() != null) {
      h.raw("<pre class=\"message\">").text(f.message()).raw("</pre>");
    }
    if (!f.taskFailures().isEmpty()) {
      h.raw("<table><thead><tr><th>Task failures</th><th>Count</th><th>Example</th></tr></thead><tbody>");
      for (TaskFailureCount t : f.taskFailures()) {
        h.raw("<tr>").element("td", t.kind() + (t.detail() == null ? "" : ": " + t.detail()))
            .element("td", t.count()).raw("<td><code>").text(t.example()).raw("</code></td></tr>");
      }
      h.raw("</tbody></table>");
    }
    if (f.executorsLost() > 0) {
      h.raw("<p>").text(f.executorsLost() + " executor(s) lost").raw("</p>");
    }
    h.raw("</section>");
  }

  private void retries(Html h) {
    h.raw("<section id=\"retry\"><h2>Retry history</h2>");
    JsonNode retry = attachments.get(RETRY_ATTACHMENT);
    if (retry == null) {
      h.raw("<p class=\"empty\">No retry recorded for this run.</p>");
    } else {
      h.raw(JsonView.render(retry, run.tenant()));
    }
    h.raw("</section>");
  }

  private void attemptsSection(Html h) {
    h.raw("<section id=\"attempts\"><h2>Attempts</h2><ol class=\"attempts\">");
    for (StoredRun a : attempts) {
      boolean current = Attempts.sameRun(a, run);
      h.raw("<li").attr("class", current ? "current" : null).attr("data-run-id", a.runId()).raw(">");
      h.text("attempt " + a.identity().attempt() + " · ");
      if (current) {
        h.raw("<strong>").text(a.runId()).raw("</strong>");
      } else {
        h.link(ConsoleLinks.runPath(a.tenant(), a.runId()), a.runId());
      }
      h.raw(" ").raw(RunsPage.statusBadge(a.status().name())).raw(" ").text(Formats.time(a.submitTimeMs()));
      if (a.summary() != null && a.summary().timing() != null && a.summary().timing().durationMs() != null) {
        h.text(" · " + Formats.millis(a.summary().timing().durationMs()));
      }
      h.raw("</li>");
    }
    h.raw("</ol></section>");
  }

  private void alertsSection(Html h) {
    h.raw("<section id=\"run-alerts\"><h2>Alerts</h2>");
    if (alerts instanceof AlertsClient.Alerts a) {
      List<JsonNode> mentioning = new ArrayList<>();
      for (JsonNode alert : Json.array(a.body(), "active")) {
        if (AlertsView.mentions(alert, run.tenant(), run.runId())) {
          mentioning.add(alert);
        }
      }
      if (mentioning.isEmpty()) {
        h.raw("<p class=\"empty\">No active alert counts this run.</p>");
      } else {
        h.raw(AlertsView.table(mentioning, "run-alerts-table"));
      }
    } else if (alerts instanceof AlertsClient.Unavailable u) {
      h.raw("<p class=\"error\">").text(u.reason()).raw("</p>");
    } else {
      h.raw("<p class=\"empty\">Alerting is not enabled on this server.</p>");
    }
    h.raw("</section>");
  }

  private void stagesSection(Html h, @Nullable RunSummary summary, List<StageSummary> stages, Set<Integer> skewed) {
    h.raw("<section id=\"stages\"><h2>Stages</h2>");
    if (summary == null) {
      h.raw("<p class=\"empty\">The run has not finished; stages arrive with its summary.</p></section>");
      return;
    }
    if (stages.isEmpty()) {
      h.raw("<p class=\"empty\">No stages recorded.</p></section>");
      return;
    }
    if (summary.foldedStages() > 0) {
      h.raw("<p class=\"note\">").text(summary.foldedStages() + " cheaper stages were folded into totals by the listener.").raw("</p>");
    }
    long start = run.startTimeMs() != null ? run.startTimeMs() : run.submitTimeMs();
    long end = run.endTimeMs() != null ? run.endTimeMs() : start;
    h.raw("<div class=\"chart\" id=\"timeline\">").raw(StageCharts.timeline(stages, skewed, start, end)).raw("</div>");
    h.raw("<table class=\"stages\" id=\"stage-table\"><thead><tr><th>Stage</th><th>Status</th><th>Tasks</th>")
        .raw("<th>Duration</th><th>Shuffle read</th><th>Spill</th><th>Skew (records / time)</th>")
        .raw("<th>Task duration</th><th>Shuffle read per task</th></tr></thead><tbody>");
    for (StageSummary s : stages) {
      boolean isSkewed = skewed.contains(s.stageId());
      h.raw("<tr").attr("id", "stage-" + s.stageId() + (s.attempt() > 0 ? "-" + s.attempt() : ""))
          .attr("class", "stage" + (isSkewed ? " skewed" : ""))
          .attr("data-stage", s.stageId())
          .attr("data-skewed", isSkewed)
          .raw(">");
      h.raw("<td>")
          .text(s.stageId() + (s.attempt() > 0 ? "." + s.attempt() : ""))
          .raw(" <span class=\"stage-name\">").text(s.name()).raw("</span>");
      if (isSkewed) {
        h.raw(" <span class=\"skew-badge\">SKEWED</span>");
      }
      h.raw("</td>");
      h.element("td", s.status());
      h.element("td", s.numTasks());
      h.element("td", Formats.millis(s.durationMs()));
      h.element("td", s.totals() == null ? "—" : Formats.bytes(s.totals().shuffleReadBytes()));
      h.element("td", s.totals() == null ? "—" : Formats.bytes(s.totals().memorySpillBytes() + s.totals().diskSpillBytes()));
      h.raw("<td class=\"skew\">").text(Formats.ratio(s.skewRatio()) + " / " + Formats.ratio(s.durationSkewRatio())).raw("</td>");
      h.raw("<td>");
      if (s.taskDurationMs() != null && s.taskDurationMs().count() > 0) {
        h.raw(StageCharts.distribution("taskDurationMs", s.stageId(), s.taskDurationMs(), Formats::millis, isSkewed));
      }
      h.raw("</td><td>");
      if (s.shuffleReadBytes() != null && s.shuffleReadBytes().count() > 0) {
        h.raw(StageCharts.distribution("shuffleReadBytes", s.stageId(), s.shuffleReadBytes(), Formats::bytes, isSkewed));
      } else {
        h.raw("<span class=\"note\">no shuffle read</span>");
      }
      h.raw("</td></tr>");
      if (s.failureReason() != null) {
        h.raw("<tr class=\"stage-failure\"><td colspan=\"9\"><code>").text(s.failureReason()).raw("</code></td></tr>");
      }
    }
    h.raw("</tbody></table></section>");
  }

  private static void joins(Html h, List<JoinSummary> joins) {
    h.raw("<section id=\"joins\"><h2>Joins</h2><table><thead><tr><th>Operator</th><th>Condition</th>")
        .raw("<th>Stage</th><th>Output rows</th><th>Input rows</th><th>Output / input</th></tr></thead><tbody>");
    for (JoinSummary j : joins) {
      h.raw("<tr>").element("td", j.operator()).raw("<td><code>").text(j.condition()).raw("</code></td><td>");
      if (j.stageId() != null) {
        h.link("#stage-" + j.stageId(), "stage " + j.stageId());
      }
      h.raw("</td>").element("td", Formats.number(j.outputRows())).element("td", Formats.number(j.stageInputRows()))
          .element("td", Formats.ratio(j.outputToInputRatio())).raw("</tr>");
    }
    h.raw("</tbody></table></section>");
  }

  private static void listenerCost(Html h, @Nullable ListenerCost c) {
    h.raw("<section id=\"listener-cost\"><h2>What observing this run cost</h2>");
    if (c == null) {
      h.raw("<p class=\"empty\">Not measured (replayed run, or a listener without cost accounting).</p></section>");
      return;
    }
    h.raw("<dl class=\"facts\">");
    fact(h, "Listener-bus CPU", Formats.nanos(c.busCpuNanos()));
    fact(h, "Per task", Formats.nanos(Math.round(c.busCpuNanosPerTask())));
    fact(h, "Share of executor CPU", Formats.percent(c.cpuToExecutorCpuRatio()));
    fact(h, "Shipping CPU (application)", Formats.nanos(c.shippingCpuNanos()));
    fact(h, "Callbacks / task events", Formats.number(c.busCallbacks()) + " / " + Formats.number(c.taskEvents()));
    fact(h, "Retained memory, peak", Formats.bytes(c.retainedBytesPeak()));
    fact(h, "Serialized / sent", Formats.bytes(c.bytesSerialized()) + " / " + Formats.bytes(c.bytesSent()));
    fact(h, "Delivery queue high-water mark", c.queueHighWaterMark());
    h.raw("</dl></section>");
  }

  private void otherAttachments(Html h) {
    for (Map.Entry<String, JsonNode> e : attachments.entrySet()) {
      if (e.getKey().equals(TriageView.ATTACHMENT) || e.getKey().equals(RETRY_ATTACHMENT)) {
        continue;
      }
      h.raw("<section class=\"attachment\"").attr("data-name", e.getKey()).raw("><h2>").text(e.getKey()).raw("</h2>")
          .raw(JsonView.render(e.getValue(), run.tenant())).raw("</section>");
    }
  }
}
