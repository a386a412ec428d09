package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sparkplane train}: retrains the estimator now (the new model starts in shadow). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Retrains the estimator from the stored history now; the new model starts in shadow.")
public final class TrainCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Override
  public Integer call() throws Exception {
    CompletableFuture<JsonNode> report = CompletableFuture.supplyAsync(() -> api.client().post("/api/v1/estimator/train"));
    long start = System.nanoTime();
    while (!report.isDone()) {
      System.err.printf("\rtraining... %3d s", (System.nanoTime() - start) / 1_000_000_000L);
      Thread.sleep(250);
    }
    System.err.println();
    try {
      System.out.println(TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.join()));
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return 0;
  }
}
