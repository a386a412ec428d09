package io.sparkplane.alerting.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads {@link AlertingConfig} from YAML and validates it at once. Errors name the field by its
 * path:
 *
 * <pre>{@code
 * AlertingConfigLoader.parse("rules: {failureBurst: {threshold: 0}}", "inline");
 * // AlertingConfigException: invalid alerting config inline: rules.failureBurst.threshold: must be >= 1, was 0
 * }</pre>
 */
public final class AlertingConfigLoader {

  private static final ObjectMapper YAML = createMapper();

  private AlertingConfigLoader() {}

  /**
   * @throws AlertingConfigException if the file is not valid
   * @throws UncheckedIOException if it cannot be read
   */
  public static AlertingConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read alerting config " + file, e);
    }
    return parse(text, file.toString());
  }

  /**
   * @param source names the text in error messages (a file name)
   * @throws AlertingConfigException if the text is not valid
   */
  public static AlertingConfig parse(String yaml, String source) {
    if (yaml.isBlank()) {
      return AlertingConfig.defaults();
    }
    try {
      AlertingConfig config = YAML.readValue(yaml, AlertingConfig.class);
      return config == null ? AlertingConfig.defaults() : config;
    } catch (JsonMappingException e) {
      throw describe(e, source);
    } catch (JsonProcessingException e) {
      throw new AlertingConfigException(source, "(document)", "not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IndexOutOfBoundsException e) {
      // SnakeYAML's reader fails this way on a character outside the BMP across its 1024-char buffer
      throw new AlertingConfigException(source, "(document)", "cannot be read by the YAML parser: " + e.getMessage(), e);
    }
  }

  private static AlertingConfigException describe(JsonMappingException e, String source) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    String reason = e.getOriginalMessage();
    Throwable cause = e.getCause();
    if (cause instanceof ConfigFieldException field) {
      append(path, field.field());
      reason = field.reason();
    } else if (cause instanceof NullPointerException npe && npe.getMessage() != null) {
      append(path, npe.getMessage());
      reason = "is required";
    } else if (e instanceof UnrecognizedPropertyException unknown) {
      reason =
          "unknown setting; known here: "
              + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    } else if (e instanceof InvalidTypeIdException typeId) {
      append(path, "type");
      reason =
          typeId.getTypeId() == null
              ? "is required (alertmanager, pagerduty or webhook)"
              : "unknown notifier type '" + typeId.getTypeId() + "' (known: alertmanager, pagerduty, webhook)";
    } else if (e instanceof InvalidFormatException format && format.getTargetType() == Duration.class) {
      reason = "'" + format.getValue() + "' is not a duration (write e.g. 500ms, 30s, 10m, 6h, 1d or PT10M)";
    } else if (e instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
      reason =
          "'"
              + format.getValue()
              + "' is not one of "
              + Arrays.stream(format.getTargetType().getEnumConstants())
                  .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
                  .collect(Collectors.joining(", "));
    } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      reason = "expected " + simpleType(mismatch.getTargetType());
    } else if (cause != null && cause.getMessage() != null) {
      reason = cause.getMessage();
    }
    return new AlertingConfigException(source, path.isEmpty() ? "(document)" : path.toString(), reason, e);
  }

  private static void append(StringBuilder path, String field) {
    if (!path.isEmpty() && !field.startsWith("[")) {
      path.append('.');
    }
    path.append(field);
  }

  private static String simpleType(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == Duration.class) {
      return "a duration such as 10m";
    }
    return type.isRecord() ? "a mapping (key: value)" : type.getSimpleName();
  }

  private static ObjectMapper createMapper() {
    SimpleModule durations = new SimpleModule("sparkplane-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return YAMLMapper.builder()
        .addModule(durations)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .build();
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      if (text == null) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return DurationText.parse(text);
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdStringException(text, Duration.class, e.getMessage());
      }
    }
  }
}
