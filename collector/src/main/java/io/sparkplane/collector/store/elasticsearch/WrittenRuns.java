package io.sparkplane.collector.store.elasticsearch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The running runs' documents this store wrote last, with the version each write got, by document
 * id, least recently used first out ({@link ElasticsearchStoreConfig#writtenRunsCacheSize()}). A
 * run's next events are folded onto its copy here instead of reading it back from the cluster; the
 * write is conditional on that version, so a copy another writer made stale fails with a conflict,
 * is dropped, and the run is read again. Finished runs are not kept. Thread-safe.
 */
final class WrittenRuns {

  private final int capacity;
  private final Map<String, LoadedRun> runs;

  WrittenRuns(int capacity) {
    this.capacity = capacity;
    this.runs =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, LoadedRun> eldest) {
            return size() > WrittenRuns.this.capacity;
          }
        };
  }

  synchronized @Nullable LoadedRun get(String docId) {
    return runs.get(docId);
  }

  /** Keeps the run as written; a finished run (or a cache of size 0) keeps nothing. */
  synchronized void written(String docId, LoadedRun run) {
    if (capacity == 0 || run.document().run().isFinished()) {
      runs.remove(docId);
    } else {
      runs.put(docId, run);
    }
  }

  /** Forgets the run: its document may have changed in a way this store did not see. */
  synchronized void forget(String docId) {
    runs.remove(docId);
  }

  synchronized void clear() {
    runs.clear();
  }
}
