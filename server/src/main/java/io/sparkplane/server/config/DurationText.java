package io.sparkplane.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads durations in {@code sparkplane.yaml} the way the alerting rules file does ({@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 6h}, {@code 1d} or ISO-8601): one parser, alerting's {@link
 * io.sparkplane.alerting.config.DurationText}, so both files accept the same text.
 */
final class DurationText {

  private DurationText() {}

  static SimpleModule module() {
    return new SimpleModule("sparkplane-durations")
        .addDeserializer(
            Duration.class,
            new JsonDeserializer<>() {
              @Override
              public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                try {
                  return io.sparkplane.alerting.config.DurationText.parse(text);
                } catch (RuntimeException e) {
                  throw ctx.weirdStringException(text, Duration.class, "expected e.g. 30s, 500ms, 10m or PT30S");
                }
              }
            });
  }
}
