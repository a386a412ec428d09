package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane run RUN_ID}: one run's summary and triage in the terminal. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Shows one run: status, timing, totals, its most skewed stages, failure and triage.")
public final class RunCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Parameters(paramLabel = "RUN_ID") String runId;

  @Option(names = "--json", description = "Print the API's JSON.") boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode run = api.client().get("/api/v1/runs/" + runId, Map.of());
    PrintStream out = System.out;
    if (json) {
      out.println(TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(run));
      return 0;
    }
    JsonNode id = run.path("identity");
    out.printf("Run %s  tenant %s  workload %s  attempt %s%n",
        id.path("runId").asText(), id.path("tenant").asText(), id.path("workload").asText("-"), id.path("attempt").asText());
    out.printf("Status %s%n", run.path("status").asText());
    JsonNode summary = run.path("summary");
    if (!summary.isMissingNode() && !summary.isNull()) {
      JsonNode totals = summary.path("totals");
      out.printf("Runtime %.1f s, %d tasks (%d failed), executor CPU %.1f s, shuffle read %d B, spill %d B%n",
          summary.path("timing").path("durationMs").asLong() / 1000.0,
          totals.path("tasks").asLong(), totals.path("failedTasks").asLong(),
          totals.path("executorCpuTimeNs").asLong() / 1e9,
          totals.path("shuffleReadBytes").asLong(),
          totals.path("memorySpillBytes").asLong() + totals.path("diskSpillBytes").asLong());
      out.println("Stages (id, tasks, duration s, skew records/duration):");
      for (JsonNode stage : summary.path("stages")) {
        String flag = stage.path("skewRatio").asDouble() >= 5 || stage.path("durationSkewRatio").asDouble() >= 5 ? "  <- skewed" : "";
        out.printf("  %4d  %6d  %8.1f  %6.1f / %6.1f  %s%s%n",
            stage.path("stageId").asInt(), stage.path("totals").path("tasks").asLong(),
            stage.path("durationMs").asLong() / 1000.0, stage.path("skewRatio").asDouble(),
            stage.path("durationSkewRatio").asDouble(), stage.path("name").asText(), flag);
      }
      JsonNode failure = summary.path("failure");
      if (!failure.isMissingNode() && !failure.isNull()) {
        out.printf("Failure: %s: %s%n", failure.path("exceptionClass").asText("-"),
            firstLine(failure.path("message").asText("")));
      }
    }
    JsonNode triage = run.path("attachments").path("triage");
    if (!triage.isMissingNode() && !triage.isNull()) {
      out.printf("Triage: %s (confidence %s): %s%n",
          triage.path("class").asText("?"),
          triage.path("confidence").asText("?"), triage.path("summary").asText(""));
    }
    return 0;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
