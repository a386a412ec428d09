package io.sparkplane.collector.http;

import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.wire.RunStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the query parameters of {@code GET /api/v1/runs} into a {@link RunQuery}, refusing bad ones
 * with a 400 that names the parameter. {@code from} and {@code to} accept ISO-8601 instants
 * ({@code 2025-06-01T00:00:00Z}) or epoch milliseconds.
 */
final class RunQueryParams {

  private RunQueryParams() {}

  static RunQuery parse(Map<String, List<String>> params, TenantScope scope) {
    Instant from = instant(params, "from");
    Instant to = instant(params, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.badParameter("to", "to must be after from");
    }
    String cursor = single(params, "cursor");
    return RunQuery.builder()
        .tenant(tenant(single(params, "tenant"), scope))
        .workload(single(params, "workload"))
        .status(status(single(params, "status")))
        .from(from)
        .to(to)
        .limit(limit(single(params, "limit")))
        .cursor(cursor == null ? null : cursor(cursor))
        .build();
  }

  /**
   * The tenant a request's {@code ?tenant=} names (400 if repeated or empty), if the scope permits
   * it, else the scope's own.
   */
  static @Nullable String tenant(Map<String, List<String>> params, TenantScope scope) {
    return tenant(single(params, "tenant"), scope);
  }

  /** The tenant to query: the requested one if the scope permits it, else the scope's own. */
  static @Nullable String tenant(@Nullable String requested, TenantScope scope) {
    if (requested == null) {
      return scope.tenant();
    }
    if (!scope.permits(requested)) {
      throw new ApiException(403, "forbidden", "not permitted to read tenant '" + requested + "'", "tenant");
    }
    return requested;
  }

  private static @Nullable String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badParameter(name, name + " must be given at most once");
    }
    String value = values.get(0);
    if (value.isBlank()) {
      throw ApiException.badParameter(name, name + " must not be empty");
    }
    return value;
  }

  private static @Nullable RunStatus status(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return RunStatus.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(
          "status", "status must be one of " + List.of(RunStatus.values()) + ", was '" + value + "'");
    }
  }

  private static int limit(@Nullable String value) {
    if (value == null) {
      return RunQuery.DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw badLimit(value);
    }
    if (limit < 1 || limit > RunQuery.MAX_LIMIT) {
      throw badLimit(value);
    }
    return limit;
  }

  private static ApiException badLimit(String value) {
    return ApiException.badParameter(
        "limit",
        "limit must be an integer from 1 to " + RunQuery.MAX_LIMIT + ", was '" + value + "'");
  }

  private static @Nullable Instant instant(Map<String, List<String>> params, String name) {
    String value = single(params, name);
    if (value == null) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 18) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(
          name, name + " must be an ISO-8601 instant or epoch milliseconds, was '" + value + "'");
    }
  }

  private static RunCursor cursor(String value) {
    try {
      return RunCursor.decode(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("cursor", "cursor is not one this server returned");
    }
  }
}
