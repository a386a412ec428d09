package io.sparkplane.collector.store.elasticsearch;

/**
 * A run document as read, with what an optimistic-concurrency write of its successor needs: the
 * concrete monthly index it lives in and its sequence number and primary term.
 */
record LoadedRun(StoredRunDocument document, String index, long seqNo, long primaryTerm) {

  /** Of two copies (only after concurrent first writes across a month border), the fuller one. */
  LoadedRun fuller(LoadedRun other) {
    return other.document.run().eventCount() > document.run().eventCount() ? other : this;
  }
}
