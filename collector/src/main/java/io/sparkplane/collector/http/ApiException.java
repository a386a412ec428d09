package io.sparkplane.collector.http;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Ends a request with {@code status}, an {@link ApiError} body and optionally a Retry-After. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final ApiError body;
  private final @Nullable Integer retryAfterSeconds;

  public ApiException(int status, String reason, String message, @Nullable String field) {
    this(status, ApiError.of(message, reason, field), null);
  }

  private ApiException(int status, ApiError body, @Nullable Integer retryAfterSeconds) {
    super(body.error());
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badParameter(String field, String message) {
    return new ApiException(400, "invalid_parameter", message, field);
  }

  /** The same error, telling the client when to retry. */
  ApiException withRetryAfter(int seconds) {
    return new ApiException(status, body, seconds);
  }

  public int status() {
    return status;
  }

  public ApiError body() {
    return body;
  }

  public Optional<Integer> retryAfterSeconds() {
    return Optional.ofNullable(retryAfterSeconds);
  }
}
