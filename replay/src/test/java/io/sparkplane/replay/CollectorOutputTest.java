package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.listener.ship.DeliveryException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replay's wait between delivery attempts")
class CollectorOutputTest {

  private final CollectorOutput output =
      new CollectorOutput(
          "http://collector", (batch, timeout) -> {
            throw new AssertionError("not sent in this test");
          },
          50, Duration.ofSeconds(30), 4, Duration.ofMillis(500));

  private static DeliveryException failed(Duration retryAfter) {
    return new DeliveryException("collector answered 429", true, null, retryAfter);
  }

  @Test
  @DisplayName("is the backoff, 500 ms doubling, without a Retry-After")
  void backoff() {
    assertThat(output.waitBefore(2, failed(null))).isEqualTo(Duration.ofMillis(500));
    assertThat(output.waitBefore(3, failed(null))).isEqualTo(Duration.ofMillis(1000));
    assertThat(output.waitBefore(4, failed(null))).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  @DisplayName("is the collector's Retry-After when longer than the backoff, at most 60 s")
  void retryAfter() {
    assertThat(output.waitBefore(2, failed(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(output.waitBefore(4, failed(Duration.ofSeconds(1)))).as("backoff longer").isEqualTo(Duration.ofMillis(2000));
    assertThat(output.waitBefore(2, failed(Duration.ofHours(1)))).isEqualTo(CollectorOutput.MAX_RETRY_AFTER);
  }
}
