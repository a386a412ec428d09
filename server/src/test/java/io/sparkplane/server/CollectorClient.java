package io.sparkplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the collector's query API the way a user does, over HTTP. */
final class CollectorClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  CollectorClient(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  String url() {
    return base.toString();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = get(pathAndQuery);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " -> " + response.statusCode() + " " + response.body());
    }
    return TelemetryJson.mapper().readTree(response.body());
  }

  /** Polls GET /api/v1/runs/{runId} until {@code status} (or any terminal status if null). */
  JsonNode awaitRun(String runId, String status, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never stored";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = get("/api/v1/runs/" + runId);
      if (response.statusCode() == 200) {
        JsonNode run = TelemetryJson.mapper().readTree(response.body());
        last = run.path("status").asText();
        if (status == null ? !last.equals("RUNNING") : last.equals(status)) {
          return run;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " not " + status + " within " + timeout + " (last: " + last + ")");
  }
}
