package io.sparkplane.collector.store.elasticsearch;

import io.sparkplane.collector.testing.ElasticsearchNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Store settings for tests: a fresh index prefix each time, so every store starts empty. */
final class ElasticsearchTestStores {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private ElasticsearchTestStores() {}

  static ElasticsearchStoreConfig freshConfig(ElasticsearchNode node) {
    return ElasticsearchStoreConfig.defaults(URI.create(node.url()))
        .withIndexPrefix("it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet())
        .withShards(1, 0)
        .withRetentionMonths(0)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
