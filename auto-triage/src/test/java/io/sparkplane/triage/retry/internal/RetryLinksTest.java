package io.sparkplane.triage.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RetryLinks")
class RetryLinksTest {

  @Test
  @DisplayName("name the run a retry retries from its -attempt-N run id, and nothing for first attempts or other ids")
  void predecessors() {
    assertThat(RetryLinks.predecessorIds("seg-1-attempt-2", 2)).containsExactly("seg-1", "seg-1-attempt-1");
    assertThat(RetryLinks.predecessorIds("seg-1-attempt-3", 3)).containsExactly("seg-1-attempt-2");
    assertThat(RetryLinks.predecessorIds("seg-1", 1)).isEmpty();
    assertThat(RetryLinks.predecessorIds("seg-1-attempt-2", 3)).as("suffix and attempt disagree").isEmpty();
    assertThat(RetryLinks.predecessorIds("application_17_0042", 2)).as("an engine's own run id").isEmpty();
  }
}
