package io.sparkplane.server.cli;

import io.sparkplane.wire.TelemetryJson;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sparkplane model status|promote|rollback}: the estimator's models. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Estimator models: 'status' shows serving and shadow models, 'promote' serves the challenger now"
          + " (without waiting for its shadow comparison; recorded as an operator promotion), 'rollback'"
          + " returns to the previous one.",
      "Exit code 1 when the server refuses (e.g. promote with no challenger: HTTP 409)."
    })
public final class ModelCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Parameters(paramLabel = "ACTION", description = "status, promote or rollback") String action;

  @Override
  public Integer call() throws Exception {
    var client = api.client();
    var answer =
        switch (action) {
          case "status" -> client.get("/api/v1/estimator/models", Map.of());
          case "promote" -> client.post("/api/v1/estimator/promote");
          case "rollback" -> client.post("/api/v1/estimator/rollback");
          default -> throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this), "ACTION must be status, promote or rollback, was " + action);
        };
    System.out.println(TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    return 0;
  }
}
