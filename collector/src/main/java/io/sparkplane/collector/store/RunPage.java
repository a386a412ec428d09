package io.sparkplane.collector.store;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@link RunStore#listRuns}.
 *
 * @param runs at most the query's limit, in listing order
 * @param nextCursor where the next page starts, or {@code null} if this is the last page
 */
public record RunPage(List<StoredRun> runs, @Nullable RunCursor nextCursor) {

  public RunPage {
    runs = List.copyOf(runs);
  }

  public Optional<RunCursor> next() {
    return Optional.ofNullable(nextCursor);
  }
}
