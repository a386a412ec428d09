package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The listener on real Spark jobs")
class SparkListenerRunsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SparkSession spark = SharedSpark.session();

  @AfterEach
  void clearRun() {
    SharedSpark.endRun();
  }

  private RunSummary finished(String runId) throws InterruptedException {
    TelemetryEvent finished = SharedSpark.sink().awaitFinished(runId, WAIT);
    return finished.summary();
  }

  @Test
  @DisplayName("a plain aggregation job is summarised as SUCCEEDED with its tasks, stages and planning time")
  void plainJob() throws Exception {
    String runId = SharedSpark.beginRun("plain");
    long groups =
        spark.range(0, 1_000_000, 1, 8).selectExpr("id % 100 AS k").groupBy("k").count().count();
    assertThat(groups).isEqualTo(100);

    RunSummary summary = finished(runId);

    List<TelemetryEvent> events = SharedSpark.sink().eventsOf(runId);
    assertThat(events.get(0).type()).isEqualTo(EventType.RUN_STARTED);
    assertThat(events.get(0).run().tenant()).isEqualTo("acme");
    assertThat(events.get(0).run().region()).isEqualTo("eu-west-1");
    assertThat(events.get(0).run().workload()).isEqualTo("plain");
    assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(summary.failure()).isNull();
    assertThat(summary.totals().tasks()).isGreaterThanOrEqualTo(16);
    assertThat(summary.totals().shuffleWriteBytes()).isPositive();
    assertThat(summary.totals().shuffleReadRecords()).isPositive();
    assertThat(summary.totals().executorRunTimeMs()).isPositive();
    assertThat(summary.progress().completedJobs()).isPositive();
    assertThat(summary.timing().sqlPlanningTimeMs()).isNotNull().isNotNegative();
    assertThat(summary.stages()).isNotEmpty();
    long stageTasks = summary.stages().stream().mapToLong(s -> s.totals().tasks()).sum();
    assertThat(stageTasks).isEqualTo(summary.totals().tasks());
    StageSummary scan = summary.stages().get(0);
    assertThat(scan.taskDurationMs().count()).isEqualTo(scan.totals().tasks());
  }

  @Test
  @DisplayName("a join where one key holds 60% of the rows shows a skew ratio of at least 5 on the join stage")
  void skewedJoin() throws Exception {
    String runId = SharedSpark.beginRun("skewed-join");
    Dataset<Row> left =
        spark
            .range(0, 400_000, 1, 8)
            .selectExpr("CASE WHEN id % 10 < 6 THEN 0 ELSE id % 1000 END AS k", "id AS v");
    Dataset<Row> right = spark.range(0, 1000, 1, 2).selectExpr("id AS k", "id * 2 AS w");
    long rows = left.join(right, "k").count();
    assertThat(rows).isEqualTo(400_000);

    RunSummary summary = finished(runId);

    JoinSummary join = summary.joins().get(0);
    assertThat(join.operator()).contains("Join");
    assertThat(join.outputRows()).isEqualTo(400_000);
    StageSummary joinStage =
        summary.stages().stream().filter(s -> s.stageId() == join.stageId()).findFirst().orElseThrow();
    assertThat(joinStage.skewRatio()).isGreaterThanOrEqualTo(5.0);
    StageSummary mostSkewed =
        summary.stages().stream().max(Comparator.comparingDouble(StageSummary::skewRatio)).orElseThrow();
    assertThat(mostSkewed.stageId()).isEqualTo(join.stageId());
  }

  @Test
  @DisplayName("a join on duplicate keys reports output rows at least 100 times its input")
  void duplicateKeyJoin() throws Exception {
    String runId = SharedSpark.beginRun("cartesian");
    Dataset<Row> a = spark.range(0, 3000, 1, 4).selectExpr("id % 10 AS k");
    Dataset<Row> b = spark.range(0, 3000, 1, 4).selectExpr("id % 10 AS k");
    long rows = a.join(b, "k").count();
    assertThat(rows).isEqualTo(900_000);

    RunSummary summary = finished(runId);

    JoinSummary join = summary.joins().get(0);
    assertThat(join.outputRows()).isEqualTo(900_000);
    assertThat(join.stageInputRows()).isEqualTo(6000);
    assertThat(join.outputToInputRatio()).isGreaterThanOrEqualTo(100.0);
    assertThat(join.condition()).contains("k#");
  }

  @Test
  @DisplayName("a job failing with a task exception is FAILED with the exception and failed stage recorded")
  void failingJob() throws Exception {
    String runId = SharedSpark.beginRun("failing");
    UserDefinedFunction explode =
        functions.udf(
            (UDF1<Long, Long>)
                id -> {
                  if (id == 42L) {
                    throw new IllegalStateException("boom at row 42");
                  }
                  return id;
                },
            DataTypes.LongType);
    assertThatThrownBy(
            () -> spark.range(0, 100, 1, 4).select(explode.apply(functions.col("id"))).collect())
        .hasMessageContaining("boom at row 42");

    RunSummary summary = finished(runId);

    assertThat(summary.status()).isEqualTo(RunStatus.FAILED);
    assertThat(summary.failure()).isNotNull();
    assertThat(summary.failure().exceptionClass()).isEqualTo("org.apache.spark.SparkException");
    assertThat(summary.failure().message()).contains("boom at row 42");
    assertThat(summary.failure().topFrames()).isNotEmpty();
    assertThat(summary.failure().failedStageId()).isNotNull();
    assertThat(summary.failure().failedJobId()).isNotNull();
    assertThat(summary.failure().taskFailures())
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo("ExceptionFailure");
              assertThat(f.example()).contains("boom at row 42");
            });
    assertThat(summary.totals().failedTasks()).isPositive();
    StageSummary failed =
        summary.stages().stream()
            .filter(s -> s.stageId() == summary.failure().failedStageId())
            .findFirst()
            .orElseThrow();
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.failureReason()).contains("boom at row 42");
  }
}
