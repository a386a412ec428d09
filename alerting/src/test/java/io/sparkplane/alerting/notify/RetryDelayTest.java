package io.sparkplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Delay before a notification's next attempt")
class RetryDelayTest {

  private static final Instant NOW = Instant.parse("2026-11-25T21:00:00Z");

  private static NotifierException refused(Duration retryAfter) {
    return new NotifierException("answered 429", true, retryAfter);
  }

  @Test
  @DisplayName("doubles from initialBackoff per attempt with ±20% jitter, up to maxBackoff")
  void backoff() {
    RetryDelay low = new RetryDelay(Duration.ofMillis(500), Duration.ofSeconds(3), () -> 0.0);
    RetryDelay high = new RetryDelay(Duration.ofMillis(500), Duration.ofSeconds(3), () -> 0.999999);
    RetryDelay mid = new RetryDelay(Duration.ofMillis(500), Duration.ofSeconds(3), () -> 0.5);
    assertThat(mid.next(1, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(mid.next(2, null)).isEqualTo(Duration.ofMillis(1000));
    assertThat(mid.next(3, null)).isEqualTo(Duration.ofMillis(2000));
    assertThat(mid.next(4, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(mid.next(40, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(low.next(1, null)).isEqualTo(Duration.ofMillis(400));
    assertThat(high.next(1, null).toMillis()).isEqualTo(599);
    assertThat(high.next(9, null)).as("jitter never exceeds maxBackoff").isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("waits the receiver's Retry-After when longer than the backoff, capped by maxBackoff; a shorter one changes nothing")
  void retryAfter() {
    RetryDelay d = new RetryDelay(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);
    assertThat(d.next(1, refused(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(d.next(3, refused(Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.next(1, refused(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.next(1, new NotifierException("refused", true))).isEqualTo(Duration.ofMillis(500));
    assertThat(d.next(1, new IllegalStateException("boom"))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  @DisplayName("reads Retry-After as seconds or as an HTTP date relative to now, and ignores what it cannot read")
  void parse() {
    assertThat(RetryDelay.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryDelay.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryDelay.parseRetryAfter("Wed, 25 Nov 2026 21:00:45 GMT", NOW)).contains(Duration.ofSeconds(45));
    assertThat(RetryDelay.parseRetryAfter("Wed, 25 Nov 2026 20:59:00 GMT", NOW)).as("in the past").contains(Duration.ZERO);
    assertThat(RetryDelay.parseRetryAfter("99999999999999999999999", NOW)).get().matches(d -> d.toDays() > 365);
    assertThat(RetryDelay.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(RetryDelay.parseRetryAfter("-5", NOW)).isEmpty();
    assertThat(RetryDelay.parseRetryAfter("", NOW)).isEmpty();
    assertThat(RetryDelay.parseRetryAfter(null, NOW)).isEmpty();
  }
}
