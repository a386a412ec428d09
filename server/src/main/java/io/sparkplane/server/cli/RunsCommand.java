package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkplane runs}: lists and searches stored runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Lists runs, newest first, with filters. Exit code 1 if the server refuses or is down.")
public final class RunsCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Option(names = "--tenant") String tenant;
  @Option(names = "--workload") String workload;

  @Option(names = "--status", description = "RUNNING, SUCCEEDED, FAILED, CANCELLED or LOST.")
  String status;

  @Option(names = "--from", description = "Submitted at or after (ISO-8601 or epoch millis).")
  String from;

  @Option(names = "--to", description = "Submitted before (ISO-8601 or epoch millis).")
  String to;

  @Option(names = "--limit", defaultValue = "20") int limit;
  @Option(names = "--json", description = "Print the API's JSON.") boolean json;

  @Override
  public Integer call() throws Exception {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("tenant", tenant);
    query.put("workload", workload);
    query.put("status", status);
    query.put("from", from);
    query.put("to", to);
    query.put("limit", String.valueOf(limit));
    JsonNode page = api.client().get("/api/v1/runs", query);
    PrintStream out = System.out;
    if (json) {
      out.println(TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(page));
      return 0;
    }
    out.printf("%-36s %-12s %-20s %-10s %7s %9s%n", "RUN", "TENANT", "WORKLOAD", "STATUS", "TASKS", "RUNTIME_S");
    for (JsonNode run : page.path("runs")) {
      JsonNode summary = run.path("summary");
      out.printf(
          "%-36s %-12s %-20s %-10s %7s %9s%n",
          run.path("identity").path("runId").asText(),
          run.path("identity").path("tenant").asText(),
          run.path("identity").path("workload").asText(""),
          run.path("status").asText(),
          summary.isMissingNode() || summary.isNull() ? "-" : summary.path("totals").path("tasks").asText(),
          summary.isMissingNode() || summary.isNull()
              ? "-"
              : String.format("%.1f", summary.path("timing").path("durationMs").asLong() / 1000.0));
    }
    if (!page.path("nextCursor").isMissingNode() && !page.path("nextCursor").isNull()) {
      out.println("(more: narrow the filters or raise --limit)");
    }
    return 0;
  }
}
