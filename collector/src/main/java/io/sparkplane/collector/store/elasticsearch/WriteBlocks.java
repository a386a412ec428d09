package io.sparkplane.collector.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what makes Elasticsearch refuse writes in the {@code blocks} section of a cluster state
 * ({@code GET _cluster/state/blocks}): a block whose levels include {@code write}. On an index these
 * are {@code index.blocks.write}, {@code index.blocks.read_only} and {@code
 * index.blocks.read_only_allow_delete} (what the flood-stage disk watermark sets); globally, {@code
 * cluster.blocks.read_only(_allow_delete)}. Cluster health stays green under all of them, while every
 * bulk item for a blocked index fails.
 *
 * <pre>{@code
 * Optional<String> why = WriteBlocks.find(state.path("blocks"), names.writeIndices(month));
 * // "write block on index sparkplane-events-2026.11: index read-only / allow delete (api)"
 * }</pre>
 */
final class WriteBlocks {

  private WriteBlocks() {}

  /**
   * The first write-level block that applies to any of {@code indices} or to the whole cluster,
   * described for a log line; empty when writes to those indices are allowed.
   */
  static Optional<String> find(JsonNode blocks, Collection<String> indices) {
    Optional<String> global = writeBlock(blocks.path("global"));
    if (global.isPresent()) {
      return Optional.of("cluster-wide write block: " + global.get());
    }
    JsonNode byIndex = blocks.path("indices");
    for (String index : indices) {
      Optional<String> block = writeBlock(byIndex.path(index));
      if (block.isPresent()) {
        return Optional.of("write block on index " + index + ": " + block.get());
      }
    }
    return Optional.empty();
  }

  /** The description of the first block in {@code byId} (block id → block) that stops writes. */
  private static Optional<String> writeBlock(JsonNode byId) {
    for (Map.Entry<String, JsonNode> entry : byId.properties()) {
      for (JsonNode level : entry.getValue().path("levels")) {
        if ("write".equals(level.asText())) {
          return Optional.of(entry.getValue().path("description").asText("block " + entry.getKey()));
        }
      }
    }
    return Optional.empty();
  }
}
