package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Telemetry from real Spark runs")
class TelemetrySchemaConformanceTest {

  @Test
  @DisplayName("conforms to the published JSON Schema that the collector enforces")
  void everyEventMatchesSchema() throws Exception {
    String runId = SharedSpark.beginRun("schema");
    try {
      SharedSpark.session().range(0, 10_000, 1, 4).selectExpr("id % 7 AS k").groupBy("k").count().collect();
    } finally {
      SharedSpark.endRun();
    }
    SharedSpark.sink().awaitFinished(runId, Duration.ofSeconds(60));

    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(TelemetryJson.schema());
    assertThat(SharedSpark.sink().events()).isNotEmpty();
    for (TelemetryEvent event : SharedSpark.sink().events()) {
      Set<ValidationMessage> errors =
          schema.validate(TelemetryJson.mapper().readTree(TelemetryJson.toBytes(event)));
      assertThat(errors).as("schema errors of %s", event.type()).isEmpty();
    }
  }
}
