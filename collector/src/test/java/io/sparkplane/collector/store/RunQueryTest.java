package io.sparkplane.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunQueryTest {

  @Test
  @DisplayName("An empty query matches everything with the default page size")
  void defaults() {
    RunQuery query = RunQuery.builder().build();

    assertThat(query.limit()).isEqualTo(RunQuery.DEFAULT_LIMIT).isEqualTo(50);
    assertThat(query.tenant()).isNull();
    assertThat(query.cursor()).isNull();
  }

  @Test
  @DisplayName("The limit must be between 1 and MAX_LIMIT")
  void limitBounds() {
    assertThat(RunQuery.builder().limit(RunQuery.MAX_LIMIT).build().limit()).isEqualTo(500);
    assertThatThrownBy(() -> RunQuery.builder().limit(0).build()).hasMessageContaining("limit");
    assertThatThrownBy(() -> RunQuery.builder().limit(501).build()).hasMessageContaining("limit");
  }

  @Test
  @DisplayName("from must be before to")
  void range() {
    Instant t = Instant.parse("2025-06-01T00:00:00Z");

    assertThatThrownBy(() -> RunQuery.builder().from(t).to(t).build()).hasMessageContaining("from");
  }
}
