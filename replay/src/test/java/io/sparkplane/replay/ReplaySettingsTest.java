package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a replayed run is: from the log's own conf, overridden by the caller's options. */
class ReplaySettingsTest {

  @TempDir Path dir;

  @Test
  @DisplayName("The log's spark.sparkplane settings name the run when the caller sets nothing")
  void logSettingsApply() throws Exception {
    List<TelemetryEvent> events = new EventLogReplayer(ReplayOptions.NONE).events(List.of(logWithSettings()));

    assertThat(events).extracting(TelemetryEvent::type)
        .containsExactly(EventType.RUN_STARTED, EventType.RUN_FINISHED);
    RunIdentity run = events.get(1).run();
    assertThat(run.tenant()).isEqualTo("from-log");
    assertThat(run.region()).isEqualTo("log-region");
    assertThat(run.workload()).isEqualTo("Spark shell");
    assertThat(run.runId()).isEqualTo("local-1532512550423");
    assertThat(events.get(1).summary().resources().sparkVersion()).isEqualTo("2.3.0");
    assertThat(events.get(1).summary().resources().master()).isEqualTo("local[*]");
  }

  @Test
  @DisplayName("The caller's tenant, region and workload take precedence over the log's")
  void callerOptionsWin() throws Exception {
    ReplayOptions options = new ReplayOptions("acme", null, "nightly-etl", null);

    List<TelemetryEvent> events = new EventLogReplayer(options).events(List.of(logWithSettings()));

    RunIdentity run = events.get(1).run();
    assertThat(run.tenant()).isEqualTo("acme");
    assertThat(run.region()).isEqualTo("log-region");
    assertThat(run.workload()).isEqualTo("nightly-etl");
  }

  @Test
  @DisplayName("A log from before Spark 1.4 has no version, and the run says so")
  void oldLogHasNoVersion() throws Exception {
    Path log = SparkTestData.sparkEventLog("local-1422981780767", dir);

    ReplayedLog replayed = new EventLogReplayer(ReplayOptions.NONE).replay(log).get(0);

    assertThat(replayed.sparkVersion()).isNull();
    assertThat(replayed.summaries().get(0).resources().sparkVersion()).isNull();
    assertThat(replayed.events().get(0).run().tenant()).isEqualTo(RunIdentity.DEFAULT_TENANT);
  }

  @Test
  @DisplayName("Replaying a log twice yields the same event ids, so a collector stores the run once")
  void eventIdsAreStable() throws Exception {
    Path log = SparkTestData.eventLog("sparklens_local-1532512550423", dir);

    List<TelemetryEvent> first = new EventLogReplayer(ReplayOptions.NONE).events(List.of(log));
    List<TelemetryEvent> second = new EventLogReplayer(ReplayOptions.NONE).events(List.of(log));

    assertThat(second).extracting(TelemetryEvent::eventId)
        .containsExactlyElementsOf(first.stream().map(TelemetryEvent::eventId).toList())
        .doesNotHaveDuplicates();
    List<TelemetryEvent> otherTenant =
        new EventLogReplayer(new ReplayOptions("acme", null, null, null)).events(List.of(log));
    assertThat(otherTenant.get(1).eventId()).isNotEqualTo(first.get(1).eventId());
  }

  @Test
  @DisplayName("A log without an application end is finished at its last event time and says so")
  void unfinishedLogIsFinishedAtLastEvent() throws Exception {
    Path full = SparkTestData.eventLog("sparklens_local-1532512550423", dir);
    List<String> lines =
        Files.readAllLines(full, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.contains("\"SparkListenerApplicationEnd\""))
            .toList();
    Path log = dir.resolve("no-end");
    Files.write(log, lines, StandardCharsets.UTF_8);

    ReplayedLog replayed = new EventLogReplayer(ReplayOptions.NONE).replay(log).get(0);

    assertThat(replayed.unfinished()).isTrue();
    assertThat(replayed.truncated()).isFalse();
    var summary = replayed.summaries().get(0);
    // The last timed event of this log is its second job's end.
    assertThat(summary.timing().endTimeMs()).isEqualTo(1532512563461L);
    assertThat(summary.progress().completedJobs()).isEqualTo(2);
    assertThat(summary.totals().tasks()).isEqualTo(8);
  }

  @Test
  @DisplayName("Blank overrides are refused with the name of the field")
  void blankOverridesAreRefused() {
    assertThatThrownBy(() -> new ReplayOptions(" ", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }

  private Path logWithSettings() throws Exception {
    Path original = SparkTestData.eventLog("sparklens_local-1532512550423", dir);
    String text = Files.readString(original, StandardCharsets.UTF_8);
    String marker = "\"Spark Properties\":{";
    assertThat(text).contains(marker);
    Path log = dir.resolve("with-settings");
    Files.writeString(
        log,
        text.replace(
            marker,
            marker
                + "\"spark.sparkplane.tenant\":\"from-log\",\"spark.sparkplane.region\":\"log-region\","),
        StandardCharsets.UTF_8);
    return log;
  }
}
