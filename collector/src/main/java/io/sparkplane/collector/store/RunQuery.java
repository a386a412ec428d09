package io.sparkplane.collector.store;

import io.sparkplane.wire.RunStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters and paging for {@link RunStore#listRuns}. Every filter is optional; absent means "any".
 *
 * <pre>{@code
 * RunQuery q = RunQuery.builder().tenant("acme").status(RunStatus.FAILED).limit(100).build();
 * }</pre>
 *
 * @param tenant only runs of this tenant
 * @param workload only runs of this workload
 * @param status only runs in this status
 * @param from only runs submitted at or after this instant
 * @param to only runs submitted before this instant
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 * @param cursor continue after the page that returned this cursor
 */
public record RunQuery(
    @Nullable String tenant,
    @Nullable String workload,
    @Nullable RunStatus status,
    @Nullable Instant from,
    @Nullable Instant to,
    int limit,
    @Nullable RunCursor cursor) {

  /** Page size when the caller gives none. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page a caller may ask for. */
  public static final int MAX_LIMIT = 500;

  public RunQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, was from=" + from + " to=" + to);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Same query, continuing after {@code next}. */
  public RunQuery withCursor(@Nullable RunCursor next) {
    return new RunQuery(tenant, workload, status, from, to, limit, next);
  }

  /** Builds a {@link RunQuery}; unset filters match everything, the limit defaults to 50. */
  public static final class Builder {
    private @Nullable String tenant;
    private @Nullable String workload;
    private @Nullable RunStatus status;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private int limit = DEFAULT_LIMIT;
    private @Nullable RunCursor cursor;

    private Builder() {}

    public Builder tenant(@Nullable String tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder workload(@Nullable String workload) {
      this.workload = workload;
      return this;
    }

    public Builder status(@Nullable RunStatus status) {
      this.status = status;
      return this;
    }

    public Builder from(@Nullable Instant from) {
      this.from = from;
      return this;
    }

    public Builder to(@Nullable Instant to) {
      this.to = to;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder cursor(@Nullable RunCursor cursor) {
      this.cursor = cursor;
      return this;
    }

    public RunQuery build() {
      return new RunQuery(tenant, workload, status, from, to, limit, cursor);
    }
  }
}
