package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replayed telemetry of logs from Spark 1.2 to 3.x is accepted by the collector's schema. */
class ReplaySchemaConformanceTest {

  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(TelemetryJson.schema());

  @TempDir Path dir;

  static Stream<String> sparkLogs() {
    return Stream.of(
        "app-20161115172038-0000",
        "app-20161116163331-0000",
        "app-20180109111548-0000",
        "app-20200706201101-0003",
        "application_1516285256255_0012",
        "application_1553914137147_0018",
        "application_1555004656427_0144",
        "application_1578436911597_0052",
        "application_1628109047826_1317105",
        "local-1422981759269",
        "local-1422981780767",
        "local-1425081759269",
        "local-1426533911241",
        "local-1426633911242",
        "local-1430917381534",
        "local-1430917381535_1",
        "local-1430917381535_2",
        "local-1642039451826");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sparkLogs")
  @DisplayName("Every event replayed from Spark's History Server logs conforms to the JSON Schema")
  void historyServerLogsConform(String log) throws Exception {
    assertConforms(new EventLogReplayer(ReplayOptions.NONE).events(List.of(SparkTestData.sparkEventLog(log, dir))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("toolLogs")
  @DisplayName("Every event replayed from the other tools' logs conforms to the JSON Schema")
  void toolLogsConform(String log) throws Exception {
    assertConforms(new EventLogReplayer(ReplayOptions.NONE).events(List.of(SparkTestData.eventLog(log, dir))));
  }

  static Stream<String> toolLogs() {
    return Stream.of(
        "rapids_join_eventlog.json", "sparklens_local-1532512550423", "sparklint_event_log_1");
  }

  private static void assertConforms(List<TelemetryEvent> events) throws Exception {
    assertThat(events).hasSizeGreaterThanOrEqualTo(2);
    for (TelemetryEvent event : events) {
      Set<ValidationMessage> errors =
          SCHEMA.validate(TelemetryJson.mapper().readTree(TelemetryJson.toBytes(event)));
      assertThat(errors).as("schema errors of %s %s", event.type(), event.run().runId()).isEmpty();
    }
  }
}
