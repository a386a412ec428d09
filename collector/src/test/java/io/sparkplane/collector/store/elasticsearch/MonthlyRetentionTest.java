package io.sparkplane.collector.store.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Index names, retention and document ids of the Elasticsearch store")
class MonthlyRetentionTest {

  private static final IndexNames NAMES = new IndexNames("sp");
  private static final List<String> INDICES =
      List.of("sp-runs-2024.04", "sp-runs-2024.05", "sp-events-2024.05", "sp-attachments-2024.04",
          "sp-runs-2025.06", "sp-runs-bogus", "other-runs-2020.01", "sp-runs");

  private static Clock at(String instant) {
    // a zone far from UTC: months are UTC months regardless
    return Clock.fixed(Instant.parse(instant), ZoneId.of("Pacific/Kiritimati"));
  }

  @Test
  @DisplayName("Keeping 13 months in June 2025 drops April 2024 and older, in every family, and nothing foreign")
  void dropsOlderThanKeptMonths() {
    MonthlyRetention retention = new MonthlyRetention(13, NAMES, at("2025-06-15T00:00:00Z"));

    assertThat(retention.expired(INDICES)).containsExactly("sp-attachments-2024.04", "sp-runs-2024.04");
  }

  @Test
  @DisplayName("The month turns at UTC midnight of the 1st, whatever the clock's zone")
  void utcMonths() {
    // already June 1st in Kiritimati (UTC+14), still May in UTC
    assertThat(new MonthlyRetention(13, NAMES, at("2025-05-31T23:59:59Z")).expired(INDICES)).isEmpty();
    assertThat(new MonthlyRetention(13, NAMES, at("2025-06-01T00:00:00Z")).expired(INDICES))
        .containsExactly("sp-attachments-2024.04", "sp-runs-2024.04");
  }

  @Test
  @DisplayName("Retention 0 keeps everything")
  void zeroKeepsAll() {
    assertThat(new MonthlyRetention(0, NAMES, at("2030-01-01T00:00:00Z")).expired(INDICES)).isEmpty();
  }

  @Test
  @DisplayName("Index names carry the UTC month of a time, and parse back")
  void indexNames() {
    long lastMsOfMay = Instant.parse("2025-05-31T23:59:59.999Z").toEpochMilli();

    assertThat(NAMES.index(IndexNames.Kind.RUNS, lastMsOfMay)).isEqualTo("sp-runs-2025.05");
    assertThat(NAMES.index(IndexNames.Kind.EVENTS, lastMsOfMay + 1)).isEqualTo("sp-events-2025.06");
    assertThat(NAMES.monthOf("sp-attachments-2025.06")).contains(YearMonth.of(2025, 6));
    assertThat(NAMES.monthOf("sp-runs")).isEmpty();
  }

  @Test
  @DisplayName("Run document ids cannot collide through a slash in the tenant, and stay within 512 bytes")
  void docIds() {
    assertThat(DocIds.run("a/b", "c")).isNotEqualTo(DocIds.run("a", "b/c"));
    String longId = DocIds.run("acme", "é".repeat(300));
    assertThat(longId).startsWith("sha256:").hasSize(7 + 64);
    assertThat(DocIds.run("acme", "é".repeat(300))).isEqualTo(longId);
  }

  @Test
  @DisplayName("Settings name the field they reject")
  void configValidation() {
    ElasticsearchStoreConfig ok = ElasticsearchStoreConfig.defaults(URI.create("http://localhost:9200"));

    assertThatThrownBy(() -> ok.withIndexPrefix("Upper")).hasMessageContaining("indexPrefix");
    assertThatThrownBy(() -> ok.withRetentionMonths(-1)).hasMessageContaining("retentionMonths");
    assertThatThrownBy(() -> ok.withShards(0, 0)).hasMessageContaining("shards");
    assertThatThrownBy(() -> ElasticsearchStoreConfig.defaults(URI.create("ftp://x")))
        .hasMessageContaining("url");
  }
}
