package io.sparkplane.collector.store.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reading write blocks from the {@code blocks} section of {@code GET _cluster/state/blocks}, in the
 * shapes Elasticsearch 8.19 answers (block ids, descriptions and levels as it prints them).
 */
@DisplayName("Write blocks in a cluster state")
class WriteBlocksTest {

  private static final List<String> WATCHED = new IndexNames("sp").writeIndices(YearMonth.of(2026, 11));

  private static JsonNode blocks(String json) throws IOException {
    return TelemetryJson.mapper().readTree(json);
  }

  @Test
  @DisplayName("The store watches each kind's index of this month and of last month")
  void watchedIndices() {
    assertThat(WATCHED)
        .containsExactlyInAnyOrder(
            "sp-runs-2026.11", "sp-runs-2026.10", "sp-events-2026.11", "sp-events-2026.10",
            "sp-attachments-2026.11", "sp-attachments-2026.10");
  }

  @Test
  @DisplayName("No blocks at all means writes are allowed")
  void none() throws IOException {
    assertThat(WriteBlocks.find(blocks("{}"), WATCHED)).isEmpty();
  }

  @Test
  @DisplayName("index.blocks.write on a watched index is a write block, named with its index")
  void indexWrite() throws IOException {
    JsonNode b =
        blocks(
            """
            {"indices":{"sp-events-2026.11":{"8":{"description":"index write (api)","retryable":false,"levels":["write"]}}}}
            """);
    assertThat(WriteBlocks.find(b, WATCHED)).contains("write block on index sp-events-2026.11: index write (api)");
  }

  @Test
  @DisplayName("read_only and the flood-stage read_only_allow_delete are write blocks")
  void readOnlyKinds() throws IOException {
    JsonNode readOnly =
        blocks(
            """
            {"indices":{"sp-runs-2026.10":{"5":{"description":"index read-only (api)","retryable":false,"levels":["write","metadata_write"]}}}}
            """);
    JsonNode floodStage =
        blocks(
            """
            {"indices":{"sp-attachments-2026.11":{"12":{"description":"disk usage exceeded flood-stage watermark, index has read-only-allow-delete block; for more information, see https://www.elastic.co/guide/en/elasticsearch/reference/8.19/fix-watermark-errors.html","retryable":true,"levels":["write","metadata_write"]}}}}
            """);
    assertThat(WriteBlocks.find(readOnly, WATCHED)).hasValueSatisfying(r -> assertThat(r).contains("sp-runs-2026.10"));
    assertThat(WriteBlocks.find(floodStage, WATCHED))
        .hasValueSatisfying(r -> assertThat(r).contains("sp-attachments-2026.11", "flood-stage"));
  }

  @Test
  @DisplayName("Blocks that stop reads or metadata changes only, and blocks on other indices, are not write blocks")
  void notWriteBlocks() throws IOException {
    JsonNode b =
        blocks(
            """
            {"indices":{
              "sp-runs-2026.11":{"7":{"description":"index read (api)","retryable":false,"levels":["read"]},
                                 "9":{"description":"index metadata (api)","retryable":false,"levels":["metadata_read","metadata_write"]}},
              "sp-runs-2026.06":{"8":{"description":"index write (api)","retryable":false,"levels":["write"]}},
              "other-events-2026.11":{"8":{"description":"index write (api)","retryable":false,"levels":["write"]}}}}
            """);
    assertThat(WriteBlocks.find(b, WATCHED)).isEmpty();
  }

  @Test
  @DisplayName("A cluster-wide write block stops every index")
  void global() throws IOException {
    JsonNode b =
        blocks(
            """
            {"global":{"6":{"description":"cluster read-only (api)","retryable":false,"levels":["write","metadata_write"]}}}
            """);
    assertThat(WriteBlocks.find(b, WATCHED)).contains("cluster-wide write block: cluster read-only (api)");
  }
}
