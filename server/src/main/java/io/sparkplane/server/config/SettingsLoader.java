package io.sparkplane.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads {@code sparkplane.yaml}, applies {@code SPARKPLANE_*} environment overrides and validates.
 * Durations are written like {@code 30s}, {@code 500ms}, {@code 10m} or ISO-8601 ({@code PT30S}).
 * Unknown keys are errors, so a typo does not silently keep a default.
 */
public final class SettingsLoader {

  public static final String ENV_PREFIX = "SPARKPLANE_";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .registerModule(DurationText.module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SettingsLoader() {}

  /** Loads {@code file} (or defaults when null) with overrides from {@code env}. */
  public static ServerSettings load(Path file, Map<String, String> env) {
    ObjectNode tree;
    String source = file == null ? "defaults" : file.toString();
    try {
      JsonNode read =
          file == null ? JsonNodeFactory.instance.objectNode() : YAML.readTree(Files.readString(file));
      if (read != null && !read.isNull() && !read.isMissingNode() && !read.isObject()) {
        throw new SettingsException(source, "must be a YAML mapping of sections");
      }
      tree = read == null || !read.isObject() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) read;
    } catch (IOException e) {
      throw new SettingsException(source, "cannot be read: " + e.getMessage(), e);
    } catch (IndexOutOfBoundsException e) {
      // SnakeYAML's reader fails this way on a character outside the BMP across its 1024-char buffer
      throw new SettingsException(source, "cannot be read by the YAML parser: " + e.getMessage(), e);
    }
    applyEnvironment(tree, env);
    try {
      return YAML.treeToValue(tree, ServerSettings.class);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SettingsException settings) {
        throw settings;
      }
      throw new SettingsException(path(e), e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SettingsException(source, e.getMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /**
   * {@code SPARKPLANE_STORE_ELASTICSEARCH_URL=...} sets {@code store.elasticsearchUrl}: after the
   * section, the rest of the name matches a key with underscores and case ignored. Variables whose
   * first word names no section are not settings and are left alone; an unknown key in a known
   * section is an error. Nested keys squash too: {@code SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD}
   * sets {@code server.tls.keystorePassword}.
   */
  static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      List<String> parts = List.of(e.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).split("_"));
      if (parts.size() < 2) {
        continue;
      }
      String section = sectionName(parts.get(0));
      if (section == null) {
        continue; // not a setting: e.g. the launcher's SPARKPLANE_JAVA_OPTS
      }
      String key = keyName(section, String.join("", parts.subList(1, parts.size())));
      ObjectNode node =
          tree.get(section) instanceof ObjectNode existing ? existing : tree.putObject(section);
      String[] path = key.split("\\."); // nested keys: server.tls.keystore
      for (int i = 0; i < path.length - 1; i++) {
        node = node.get(path[i]) instanceof ObjectNode inner ? inner : node.putObject(path[i]);
      }
      node.put(path[path.length - 1], e.getValue());
    }
  }

  private static final Map<String, List<String>> KEYS =
      Map.of(
          "server",
              List.of(
                  "host", "port", "dataDir", "shutdownTimeout", "tls.keystore",
                  "tls.keystorePassword", "tls.keyPassword"),
          "collector",
              List.of(
                  "maxPayloadBytes", "tenantsFile", "maxJsonDepth", "maxFieldsPerEvent",
                  "tenantEventsPerSecond", "tenantBurstEvents", "heartbeatInterval",
                  "lostCheckInterval", "maxTenantMeters", "otelEndpoint", "metricsTokenHash",
                  "maxInflightPayloadBytes", "extensionQueueCapacity", "retryAfterSeconds"),
          "store",
              List.of(
                  "type", "elasticsearchUrl", "indexPrefix", "retentionMonths", "requestTimeout",
                  "healthTimeout", "maxConnections", "maxConflictRetries", "writtenRunsCacheSize",
                  "scanPageSize"),
          "triage", List.of("enabled", "metrics.maxFingerprints"),
          "retries",
              List.of(
                  "enabled", "webhookUrl", "webhookToken", "maxAttempts", "rateLimit.tenantPerMinute",
                  "rateLimit.globalPerMinute", "webhookTimeout", "webhookMaxAttempts"),
          "alerting", List.of("enabled", "config"),
          "estimator",
              List.of(
                  "enabled", "modelDir", "retrainCron", "maxTrainingRows", "maxHistoryRuns",
                  "keepModels", "maxPendingEstimates"),
          "console", List.of("enabled", "tenantAccess", "secureCookie"));

  private static String sectionName(String lower) {
    for (String section : KEYS.keySet()) {
      if (section.equals(lower)) {
        return section;
      }
    }
    return null;
  }

  private static String keyName(String section, String squashed) {
    for (String key : KEYS.get(section)) {
      if (key.replace(".", "").toLowerCase(Locale.ROOT).equals(squashed)) {
        return key;
      }
    }
    throw new SettingsException(
        ENV_PREFIX + section.toUpperCase(Locale.ROOT) + "_" + squashed.toUpperCase(Locale.ROOT),
        "names no key of section " + section + " " + KEYS.get(section));
  }
}
