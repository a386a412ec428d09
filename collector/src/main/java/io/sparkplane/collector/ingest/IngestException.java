package io.sparkplane.collector.ingest;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An ingest request refused as a whole; nothing of it was stored.
 *
 * <p>{@code field} names what was wrong: a JSON path within the offending event such as
 * {@code $.run.attempt}, or a header name such as {@code Content-Type}. {@code index} is the 0-based
 * position of the offending event in the batch (array element or NDJSON record), when there is one.
 */
public final class IngestException extends RuntimeException {

  private final RejectReason reason;
  private final @Nullable String field;
  private final @Nullable Integer index;
  private @Nullable Integer retryAfterSeconds;

  public IngestException(
      RejectReason reason,
      String message,
      @Nullable String field,
      @Nullable Integer index,
      @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
    this.index = index;
  }

  public IngestException(RejectReason reason, String message, @Nullable String field) {
    this(reason, message, field, null, null);
  }

  public RejectReason reason() {
    return reason;
  }

  public @Nullable String field() {
    return field;
  }

  public @Nullable Integer index() {
    return index;
  }

  /** Tells the client when to retry; sent as {@code Retry-After}. */
  IngestException withRetryAfter(int seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Seconds after which a retry may succeed, for rejections that are temporary. */
  public @Nullable Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The same rejection, attributed to the event at {@code eventIndex}. */
  IngestException atIndex(int eventIndex) {
    return new IngestException(reason, getMessage(), field, eventIndex, getCause());
  }
}
