package io.sparkplane.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Heartbeat on the wire")
class HeartbeatJsonTest {

  private static final RunIdentity RUN = new RunIdentity("r-1", "acme", "eu-west-1", "etl", 1, "app-1", "ETL", null);
  private static final Progress PROGRESS = new Progress(1, 2, 0, 1, 5, 0, 700, 3);
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(TelemetryJson.schema());

  @Test
  @DisplayName("a heartbeat with the after-GC heap reads back equal, the figure included")
  void withAfterGc() throws IOException {
    TelemetryEvent sent = TelemetryEvent.heartbeat(RUN, 1_000L, new Heartbeat(PROGRESS, 400L << 20, 512L << 20, 380L << 20));

    byte[] json = TelemetryJson.toBytes(sent);
    TelemetryEvent read = TelemetryJson.parseEvent(json);

    assertThat(read).isEqualTo(sent);
    assertThat(read.heartbeat().driverHeapAfterGcBytes()).isEqualTo(380L << 20);
    assertThat(TelemetryJson.mapper().readTree(json).path("heartbeat").path("driverHeapAfterGcBytes").asLong())
        .isEqualTo(380L << 20);
    assertThat(SCHEMA.validate(TelemetryJson.mapper().readTree(json))).isEmpty();
  }

  @Test
  @DisplayName("a heartbeat without it (an older listener's, or before the first GC) omits the field and reads back null")
  void withoutAfterGc() throws IOException {
    TelemetryEvent sent = TelemetryEvent.heartbeat(RUN, 1_000L, new Heartbeat(PROGRESS, 400L << 20, 512L << 20));

    byte[] json = TelemetryJson.toBytes(sent);
    TelemetryEvent read = TelemetryJson.parseEvent(json);

    assertThat(read).isEqualTo(sent);
    assertThat(read.heartbeat().driverHeapAfterGcBytes()).isNull();
    JsonNode body = TelemetryJson.mapper().readTree(json).path("heartbeat");
    assertThat(body.has("driverHeapAfterGcBytes")).isFalse();
    assertThat(body.path("driverHeapUsedBytes").asLong()).isEqualTo(400L << 20);
    assertThat(SCHEMA.validate(TelemetryJson.mapper().readTree(json))).isEmpty();
  }

  @Test
  @DisplayName("the schema refuses a negative after-GC heap, naming the field")
  void schemaRefusesNegative() {
    ObjectNode tree =
        TelemetryJson.mapper().valueToTree(TelemetryEvent.heartbeat(RUN, 1_000L, new Heartbeat(PROGRESS, 1, 2, 1L)));
    ((ObjectNode) tree.get("heartbeat")).put("driverHeapAfterGcBytes", -1);

    Set<ValidationMessage> errors = SCHEMA.validate(tree);

    assertThat(errors).extracting(m -> m.getInstanceLocation().toString())
        .containsExactly("$.heartbeat.driverHeapAfterGcBytes");
  }

  @Test
  @DisplayName("the record refuses a negative after-GC heap, naming the field")
  void recordRefusesNegative() {
    assertThatThrownBy(() -> new Heartbeat(PROGRESS, 1, 2, -1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("driverHeapAfterGcBytes");
  }
}
