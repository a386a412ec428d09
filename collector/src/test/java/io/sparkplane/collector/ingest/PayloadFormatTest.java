package io.sparkplane.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadFormatTest {

  @Test
  @DisplayName("JSON and NDJSON media types are recognised, with parameters and in any case")
  void recognised() {
    assertThat(PayloadFormat.fromContentType("application/json")).isEqualTo(PayloadFormat.JSON);
    assertThat(PayloadFormat.fromContentType("Application/JSON; charset=UTF-8")).isEqualTo(PayloadFormat.JSON);
    assertThat(PayloadFormat.fromContentType("application/x-ndjson")).isEqualTo(PayloadFormat.NDJSON);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonx"})
  @DisplayName("Any other content type is refused as unsupported media")
  void refused(String contentType) {
    assertThatThrownBy(() -> PayloadFormat.fromContentType(contentType))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_MEDIA_TYPE);
              assertThat(e.field()).isEqualTo("Content-Type");
            });
  }
}
