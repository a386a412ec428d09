package io.sparkplane.listener.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A task failure's text")
class FailureCollectorTest {

  @Test
  @DisplayName("keeps the root cause Spark wrapped, and the exit code an executor loss names")
  void rootCauseAndExitCode() {
    String trace =
        "org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows\n"
            + "\tat org.apache.spark.sql.execution.datasources.FileFormatWriter...\n"
            + "Caused by: java.io.IOException: No space left on device\n"
            + "\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)\n";
    assertThat(FailureCollector.rootCauseSuffix(trace))
        .isEqualTo(" | root cause: java.io.IOException: No space left on device");
    assertThat(FailureCollector.rootCauseSuffix("java.lang.RuntimeException: boom\n\tat x.y(Z.java:1)"))
        .isEmpty();
    assertThat(FailureCollector.rootCauseSuffix(null)).isEmpty();
    assertThat(FailureCollector.exitCode("Container killed on request. Exit code is 137")).isEqualTo(137);
    assertThat(FailureCollector.exitCode("Container marked as failed. Exit status: 143.")).isEqualTo(143);
    assertThat(
            FailureCollector.exitCode(
                "The executor with id 3 exited with exit code 137(OOMKilled)."))
        .isEqualTo(137);
    assertThat(FailureCollector.exitCode("Executor heartbeat timed out")).isNull();
  }
}
