package io.sparkplane.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InflightPayloads")
class InflightPayloadsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InflightPayloads inflight = new InflightPayloads(1_000, registry);

  @Test
  @DisplayName("admits claims up to the limit, refuses the one that would pass it as overloaded, and admits again once bytes are released")
  void boundsHeldBytes() {
    InflightPayloads.Claim first = inflight.claim(600);
    InflightPayloads.Claim second = inflight.claim(400);

    assertThat(inflight.heldBytes()).isEqualTo(1_000);
    assertThatThrownBy(() -> inflight.claim(1))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.reason()).isEqualTo(RejectReason.OVERLOADED);
          assertThat(e.reason().httpStatus()).isEqualTo(503);
          assertThat(e.field()).isEqualTo("body");
          assertThat(e.getMessage()).contains("maxInflightPayloadBytes (1000 bytes)");
        });
    assertThatThrownBy(inflight::requireRoom).isInstanceOf(IngestException.class);

    first.close();
    assertThat(inflight.heldBytes()).isEqualTo(400);
    inflight.requireRoom();
    inflight.claim(600).close();
    second.close();
    assertThat(inflight.heldBytes()).isZero();
  }

  @Test
  @DisplayName("a claim closed twice releases its bytes once")
  void releasesOnce() {
    InflightPayloads.Claim other = inflight.claim(300);
    InflightPayloads.Claim claim = inflight.claim(500);

    claim.close();
    claim.close();

    assertThat(inflight.heldBytes()).isEqualTo(300);
    other.close();
  }

  @Test
  @DisplayName("a body larger than the whole limit is admitted only while nothing else is held")
  void oversizedBodyRunsAlone() {
    InflightPayloads.Claim small = inflight.claim(1);
    assertThatThrownBy(() -> inflight.claim(5_000)).isInstanceOf(IngestException.class);
    small.close();

    try (InflightPayloads.Claim big = inflight.claim(5_000)) {
      assertThat(inflight.heldBytes()).isEqualTo(1_000);
      assertThatThrownBy(() -> inflight.claim(1)).isInstanceOf(IngestException.class);
    }
    assertThat(inflight.heldBytes()).isZero();
  }

  @Test
  @DisplayName("publishes the bytes held as sparkplane.ingest.inflight.payload in bytes")
  void gauge() {
    try (InflightPayloads.Claim claim = inflight.claim(250)) {
      assertThat(registry.get("sparkplane.ingest.inflight.payload").gauge().value()).isEqualTo(250.0);
      assertThat(registry.get("sparkplane.ingest.inflight.payload").gauge().getId().getBaseUnit()).isEqualTo("bytes");
    }
    assertThat(registry.get("sparkplane.ingest.inflight.payload").gauge().value()).isZero();
  }

  @Test
  @DisplayName("a limit below one byte is refused naming the setting")
  void badLimit() {
    assertThatThrownBy(() -> new InflightPayloads(0, registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInflightPayloadBytes");
  }
}
