package io.sparkplane.collector.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.elasticsearch.IndexNames.Kind;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * The index templates every monthly index is created from: explicit, strict mappings (user-defined
 * names such as stage names or metric keys live only in non-indexed objects, so they can never add
 * fields), the shard settings and the alias. Put on every open; a template change applies to the
 * next month's indices.
 */
final class IndexTemplates {

  /** Above the built-in templates (100), so a prefix such as "logs" cannot be taken over. */
  private static final int PRIORITY = 500;

  private IndexTemplates() {}

  static void install(ElasticsearchClient client, IndexNames names, ElasticsearchStoreConfig config)
      throws IOException {
    for (Kind kind : Kind.values()) {
      String body = TelemetryJson.toJson(template(names, kind, config));
      client
          .indices()
          .putIndexTemplate(
              PutIndexTemplateRequest.of(
                  b -> b.name(names.templateName(kind)).withJson(new StringReader(body))));
    }
  }

  static ObjectNode template(IndexNames names, Kind kind, ElasticsearchStoreConfig config) {
    ObjectNode root = TelemetryJson.mapper().createObjectNode();
    root.putArray("index_patterns").add(names.pattern(kind));
    root.put("priority", PRIORITY);
    root.putObject("_meta").put("managed_by", "sparkplane");
    ObjectNode template = root.putObject("template");
    template
        .putObject("settings")
        .put("number_of_shards", config.shards())
        .put("number_of_replicas", config.replicas())
        .put("refresh_interval", config.refreshInterval().toMillis() + "ms");
    template.set("mappings", mappings(kind));
    template.putObject("aliases").putObject(names.alias(kind));
    return root;
  }

  private static JsonNode mappings(Kind kind) {
    String resource = kind.word + "-mappings.json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return TelemetryJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
