package io.sparkplane.collector.ingest;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  private static final long T0 = 1_750_000_000_000L;
  private static final EventValidator VALIDATOR = EventValidator.fromWireSchema();

  @Test
  @DisplayName("A valid event binds to the same TelemetryEvent that was sent")
  void valid() {
    TelemetryEvent event = finished(run("acme", "r"), T0, RunStatus.SUCCEEDED);

    assertThat(VALIDATOR.toEvent(TelemetryJson.mapper().valueToTree(event))).isEqualTo(event);
  }

  @Test
  @DisplayName("A heartbeat with the driver's after-GC heap binds with it, and one without it (an older listener's) binds with null")
  void heartbeatAfterGcOptional() {
    Progress progress = new Progress(1, 0, 0, 1, 0, 0, 5, 0);
    TelemetryEvent withFigure = TelemetryEvent.heartbeat(run("acme", "r"), T0, new Heartbeat(progress, 900, 1000, 850L));
    TelemetryEvent without = TelemetryEvent.heartbeat(run("acme", "r"), T0, new Heartbeat(progress, 900, 1000));

    assertThat(VALIDATOR.toEvent(TelemetryJson.mapper().valueToTree(withFigure))).isEqualTo(withFigure);
    TelemetryEvent old = VALIDATOR.toEvent(TelemetryJson.mapper().valueToTree(without));
    assertThat(old).isEqualTo(without);
    assertThat(old.heartbeat().driverHeapAfterGcBytes()).isNull();
  }

  @Test
  @DisplayName("A negative after-GC heap is refused naming $.heartbeat.driverHeapAfterGcBytes")
  void heartbeatAfterGcNegative() {
    Heartbeat body = new Heartbeat(new Progress(1, 0, 0, 1, 0, 0, 5, 0), 900, 1000, 850L);
    ObjectNode tree = TelemetryJson.mapper().valueToTree(TelemetryEvent.heartbeat(run("acme", "r"), T0, body));
    ((ObjectNode) tree.get("heartbeat")).put("driverHeapAfterGcBytes", -1);

    assertThatThrownBy(() -> VALIDATOR.toEvent(tree))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
              assertThat(e.field()).isEqualTo("$.heartbeat.driverHeapAfterGcBytes");
            });
  }

  @Test
  @DisplayName("attempt = 0 is refused naming $.run.attempt")
  void attemptZero() {
    assertViolation(tree -> ((ObjectNode) tree.get("run")).put("attempt", 0), "$.run.attempt");
  }

  @Test
  @DisplayName("A missing required field is named itself, not its parent")
  void missingRequired() {
    assertViolation(tree -> ((ObjectNode) tree.get("run")).remove("runId"), "$.run.runId");
    assertViolation(tree -> tree.remove("eventId"), "$.eventId");
  }

  @Test
  @DisplayName("The body the type names must be present")
  void bodyForType() {
    assertViolation(tree -> tree.remove("started"), "$.started");
  }

  @Test
  @DisplayName("A wrong type deep in a summary is named with its full path")
  void nested() {
    StageSummary stage =
        new StageSummary(1, 0, "map", 10, "COMPLETE", T0, T0 + 1, 1, null, MetricTotals.ZERO,
            Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, 1.0, 1.0);
    RunSummary base = io.sparkplane.collector.TestEvents.summary(T0, RunStatus.FAILED);
    RunSummary summary =
        new RunSummary(base.status(), base.timing(), null, base.resources(), base.totals(), base.progress(),
            List.of(stage), 0, base.foldedStageTotals(), List.of(), base.listener());
    ObjectNode tree = TelemetryJson.mapper().valueToTree(TelemetryEvent.finished(run("acme", "r"), T0, summary));
    ((ObjectNode) tree.get("summary").get("stages").get(0)).put("numTasks", "ten");

    assertThatThrownBy(() -> VALIDATOR.toEvent(tree))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.field()).isEqualTo("$.summary.stages[0].numTasks"));
  }

  @Test
  @DisplayName("A second body besides the one the type names is refused as a schema violation")
  void twoBodies() {
    ObjectNode tree = TelemetryJson.mapper().valueToTree(started(run("acme", "r"), T0));
    tree.set("heartbeat", TelemetryJson.mapper().valueToTree(
        io.sparkplane.collector.TestEvents.heartbeat(run("acme", "r"), T0, 1).heartbeat()));

    assertThatThrownBy(() -> VALIDATOR.toEvent(tree))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
              assertThat(e.getMessage()).contains("exactly its body");
            });
  }

  @Test
  @DisplayName("A JSON value that is not an object is refused at $")
  void notAnObject() {
    assertThatThrownBy(() -> VALIDATOR.toEvent(TelemetryJson.mapper().valueToTree(42)))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("$"));
  }

  @Test
  @DisplayName("minimum is judged as networknt's own validator judges it, for numbers at, around and far from every bound")
  void minimumAsNetworknt() {
    EventValidator standard = EventValidator.fromWireSchemaStandardKeywords();
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<JsonNode> values = new ArrayList<>(List.of(
        nodes.numberNode(0), nodes.numberNode(0.0), nodes.numberNode(-0.0), nodes.numberNode(1), nodes.numberNode(-1),
        nodes.numberNode(0.5), nodes.numberNode(-0.5), nodes.numberNode(Double.MIN_VALUE), nodes.numberNode(-Double.MIN_VALUE),
        nodes.numberNode(Double.MAX_VALUE), nodes.numberNode(-Double.MAX_VALUE), nodes.numberNode(Long.MAX_VALUE),
        nodes.numberNode(Long.MIN_VALUE), nodes.numberNode(0.9999999999999999), nodes.numberNode(1.0000000000000002),
        nodes.numberNode(Double.POSITIVE_INFINITY), nodes.numberNode(Double.NEGATIVE_INFINITY),
        nodes.numberNode(new BigInteger("-100000000000000000000000")), nodes.numberNode(new BigInteger("100000000000000000000000")),
        nodes.numberNode(new BigDecimal("-0.000000000000000000000000001")), nodes.numberNode(1.5f), nodes.numberNode(-1.5f),
        nodes.textNode("1"), nodes.nullNode()));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      values.add(nodes.numberNode((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-10, 12))));
      values.add(nodes.numberNode(random.nextLong(-3, 4)));
    }
    // a double field with minimum 0, an integer field with minimum 0, an integer field with minimum 1
    List<String> fields = List.of("/summary/stages/0/taskDurationMs/p50", "/summary/stages/0/totals/tasks", "/run/attempt");
    int refused = 0;
    for (String field : fields) {
      for (JsonNode value : values) {
        ObjectNode tree = TelemetryJson.mapper().valueToTree(finishedWithOneStage());
        int slash = field.lastIndexOf('/');
        ((ObjectNode) tree.at(field.substring(0, slash))).set(field.substring(slash + 1), value);

        String fast = outcome(VALIDATOR, tree);
        assertThat(fast).as("%s = %s", field, value).isEqualTo(outcome(standard, tree));
        refused += fast.startsWith("refused") ? 1 : 0;
      }
    }
    assertThat(refused).as("cases refused").isGreaterThan(100);
  }

  @Test
  @DisplayName("The wire schema's minimum is checked by FastMinimumKeyword, not networknt's own keyword")
  void fastMinimumInUse() {
    assertThat(EventValidator.metaSchema().getKeywords().get("minimum")).isInstanceOf(FastMinimumKeyword.class);
    assertThat(EventValidator.metaSchema().getKeywords().get("maximum")).isNotInstanceOf(FastMinimumKeyword.class);
  }

  private static TelemetryEvent finishedWithOneStage() {
    Quantiles q = new Quantiles(10, 1.5, 2.5, 3.5, 4.5);
    StageSummary stage =
        new StageSummary(1, 0, "map", 10, "COMPLETE", T0, T0 + 1, 1, null, MetricTotals.ZERO, q, q, q, q, q, 1.0, 1.0);
    RunSummary base = io.sparkplane.collector.TestEvents.summary(T0, RunStatus.FAILED);
    RunSummary summary =
        new RunSummary(base.status(), base.timing(), null, base.resources(), base.totals(), base.progress(),
            List.of(stage), 0, base.foldedStageTotals(), List.of(), base.listener());
    return TelemetryEvent.finished(run("acme", "r"), T0, summary);
  }

  /** What a validator says about a tree, as a comparable string. */
  private static String outcome(EventValidator validator, ObjectNode tree) {
    try {
      validator.toEvent(tree.deepCopy());
      return "accepted";
    } catch (IngestException e) {
      return "refused " + e.reason() + " at " + e.field() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return "failed " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static void assertViolation(Consumer<ObjectNode> damage, String field) {
    ObjectNode tree = TelemetryJson.mapper().valueToTree(started(run("acme", "r"), T0));
    damage.accept(tree);

    assertThatThrownBy(() -> VALIDATOR.toEvent(tree))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
              assertThat(e.field()).isEqualTo(field);
            });
  }
}
