package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkplane alerts}: active and recent alerts. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Shows active and recent alerts.")
public final class AlertsCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Option(names = "--json", description = "Print the API's JSON.") boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode alerts = api.client().get("/api/v1/alerts", Map.of());
    if (json) {
      System.out.println(TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(alerts));
      return 0;
    }
    for (String section : new String[] {"active", "recent"}) {
      JsonNode list = alerts.path(section);
      System.out.printf("%s (%d)%n", section, list.size());
      for (JsonNode alert : list) {
        System.out.printf("  %-9s %-40s %s%n", alert.path("level").asText(), alert.path("id").asText(alert.path("key").toString()),
            alert.path("summary").asText(alert.path("facts").path("summary").asText("")));
      }
    }
    return 0;
  }
}
