package io.sparkplane.listener.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A job failure")
class RunAggregatorTest {

  @ParameterizedTest(name = "\"{0}\" is a cancellation: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Job 3 cancelled because SparkContext was shut down|true",
        "[SPARK_JOB_CANCELLED] Job 12 cancelled part of cancelled job group nightly|true",
        "Job cancelled because SparkContext was shut down|true",
        "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times|false",
        "[FAILED_EXECUTE_UDF] User defined function failed: Job 3 cancelled|false"
      })
  @DisplayName("is told apart from a cancellation by Spark's message")
  void cancellationWording(String message, boolean cancelled) {
    assertThat(RunAggregator.isCancellation(new RuntimeException(message))).isEqualTo(cancelled);
  }
}
