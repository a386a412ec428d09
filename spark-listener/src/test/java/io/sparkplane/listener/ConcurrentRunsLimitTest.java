package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("spark.sparkplane.run.maxConcurrent")
class ConcurrentRunsLimitTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SparkSession spark = SharedSpark.session();

  @Test
  @DisplayName("bounds the runs tracked at once, the application run included: jobs of a further new run count in the application run")
  void foldsRunsPastTheLimit() throws Exception {
    RecordingSink sink = new RecordingSink();
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of(
                "spark.sparkplane.run.id", "limit-app",
                "spark.sparkplane.run.maxConcurrent", "3",
                "spark.sparkplane.run.idleTimeout", "10m"),
            Clock.systemUTC(),
            sink);
    SparkContext sc = spark.sparkContext();
    sc.addSparkListener(listener);
    try {
      job(sc, null); // the application run
      job(sc, "limit-a");
      job(sc, "limit-b");
      job(sc, "limit-c"); // a fourth run: past the limit of 3
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    listener.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis(), scala.Option.empty()));

    assertThat(sink.events())
        .filteredOn(e -> e.type() == EventType.RUN_STARTED)
        .extracting(e -> e.run().runId())
        .containsExactlyInAnyOrder("limit-app", "limit-a", "limit-b");
    // each query runs the same Spark jobs (one per stage with adaptive execution)
    int jobsPerQuery = sink.awaitFinished("limit-a", WAIT).summary().progress().completedJobs();
    assertThat(jobsPerQuery).isPositive();
    assertThat(sink.awaitFinished("limit-b", WAIT).summary().progress().completedJobs()).isEqualTo(jobsPerQuery);
    RunSummary app = sink.awaitFinished("limit-app", WAIT).summary();
    assertThat(app.progress().completedJobs()).as("the plain query's jobs and limit-c's").isEqualTo(2 * jobsPerQuery);
    assertThat(sink.eventsOf("limit-c")).isEmpty();
  }

  private static void job(SparkContext sc, String runId) {
    sc.setLocalProperty("sparkplane.run.id", runId);
    try {
      SharedSpark.session().range(0, 1_000, 1, 2).selectExpr("sum(id)").collect();
    } finally {
      sc.setLocalProperty("sparkplane.run.id", null);
    }
  }
}
