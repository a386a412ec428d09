package io.sparkplane.estimator.realruns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The committed real-run fixture written by {@link RealRunFixtureGenerator}: per run, the estimate
 * request the engine would have sent and the run's {@code RUN_STARTED} and {@code RUN_FINISHED}
 * events as the listener produced them.
 */
public final class RealRunFixture {

  /** Default location, relative to the module. */
  public static final Path FILE = Path.of("src/test/resources/real-runs.ndjson.gz");

  /** One recorded run. */
  public record Line(JsonNode request, TelemetryEvent started, TelemetryEvent finished) {}

  private RealRunFixture() {}

  public static List<Line> read(Path file) throws IOException {
    ObjectMapper json = TelemetryJson.mapper();
    List<Line> lines = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String text;
      while ((text = readLine(reader)) != null) {
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(text);
        } catch (IOException e) {
          break; // a fixture still being written ends in a partial line
        }
        lines.add(
            new Line(
                node.get("request"),
                json.treeToValue(node.get("events").get(0), TelemetryEvent.class),
                json.treeToValue(node.get("events").get(1), TelemetryEvent.class)));
      }
    }
    return lines;
  }

  private static String readLine(BufferedReader reader) throws IOException {
    try {
      return reader.readLine();
    } catch (EOFException e) {
      return null; // a fixture still being written has no gzip trailer yet
    }
  }

  /** Stores every run through the store interface, with its request as the estimate attachment. */
  public static void load(List<Line> lines, RunStore store) {
    for (Line line : lines) {
      store.append(List.of(line.started(), line.finished()));
      store.putAttachment(
          line.finished().run().tenant(),
          line.finished().run().runId(),
          EstimateRequestJson.ATTACHMENT,
          line.request());
    }
  }
}
