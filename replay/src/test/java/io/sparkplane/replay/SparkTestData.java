package io.sparkplane.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test data on the test classpath: Spark's History Server event logs and expected REST answers
 * (from {@code spark-core_2.13:tests}) and the real logs of other tools under {@code eventlogs/}.
 */
final class SparkTestData {

  private SparkTestData() {}

  /** Copies {@code spark-events/<name>} from Spark's test jar into {@code dir}. */
  static Path sparkEventLog(String name, Path dir) {
    return copy("/spark-events/" + name, dir.resolve(name));
  }

  /** Copies {@code eventlogs/<name>} of this module's test resources into {@code dir}. */
  static Path eventLog(String name, Path dir) {
    return copy("/eventlogs/" + name, dir.resolve(name));
  }

  /** Spark's expected History Server answer {@code <name>_expectation.json}. */
  static JsonNode historyServerExpectation(String name) {
    return json("/HistoryServerExpectations/" + name + "_expectation.json");
  }

  static JsonNode json(String resource) {
    try (InputStream in = open(resource)) {
      return TelemetryJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream open(String resource) {
    InputStream in = SparkTestData.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    return in;
  }

  private static Path copy(String resource, Path target) {
    try (InputStream in = open(resource)) {
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
