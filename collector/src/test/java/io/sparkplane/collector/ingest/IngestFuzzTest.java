package io.sparkplane.collector.ingest;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryJson;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Damaged bodies must end in an {@link IngestException} (a 4xx), never in anything else (a 500). */
class IngestFuzzTest {

  private static final long SEED = 20250601L;
  private static final int ROUNDS = 3_000;

  private final EventBatchParser parser = new EventBatchParser(TelemetryJson.mapper());
  private final EventValidator validator = EventValidator.fromWireSchema();

  @Test
  @DisplayName("Randomly damaged event bodies are either accepted or refused with an IngestException")
  void damagedBodies() {
    byte[] valid = TelemetryJson.toBytes(List.of(finished(run("acme", "r"), 1_750_000_000_000L, RunStatus.FAILED)));
    Random random = new Random(SEED);
    int refused = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] body = damage(valid, random);
      PayloadFormat format = random.nextBoolean() ? PayloadFormat.JSON : PayloadFormat.NDJSON;
      try {
        for (JsonNode tree : parser.parse(body, format)) {
          validator.toEvent(tree);
        }
      } catch (IngestException e) {
        refused++;
      }
    }
    assertThat(refused).as("most damage is detected").isGreaterThan(ROUNDS / 2);
  }

  private static byte[] damage(byte[] valid, Random random) {
    byte[] body = Arrays.copyOf(valid, valid.length);
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> body = Arrays.copyOf(body, random.nextInt(body.length));
      default -> {
        int at = random.nextInt(body.length);
        byte[] token = "{}[]\",:0-e.nulltrue\\".getBytes();
        body[at] = token[random.nextInt(token.length)];
      }
    }
    return body;
  }
}
