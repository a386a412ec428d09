package io.sparkplane.console.internal;

import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.wire.RunStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The runs list's filters as typed in the form: blank fields mean "any". {@code from} and {@code to}
 * accept what a {@code datetime-local} input sends ({@code 2025-06-01T10:00}, read as UTC), ISO-8601
 * instants or epoch milliseconds. Internal.
 */
public record RunFilter(
    @Nullable String tenant,
    @Nullable String workload,
    @Nullable String status,
    @Nullable String from,
    @Nullable String to,
    @Nullable String cursor) {

  public static RunFilter of(Context ctx) {
    return new RunFilter(
        param(ctx, "tenant"), param(ctx, "workload"), param(ctx, "status"), param(ctx, "from"),
        param(ctx, "to"), param(ctx, "cursor"));
  }

  /**
   * @throws ApiException 400 naming the field for a bad value, 403 for a tenant outside the scope
   */
  public RunQuery toQuery(TenantScope scope, int pageSize) {
    Instant fromInstant = instant("from", from);
    Instant toInstant = instant("to", to);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      throw bad("to", "to must be after from");
    }
    return RunQuery.builder()
        .tenant(Viewer.tenant(tenant, scope))
        .workload(workload)
        .status(parsedStatus())
        .from(fromInstant)
        .to(toInstant)
        .limit(pageSize)
        .cursor(cursor == null ? null : parsedCursor())
        .build();
  }

  /** Query string of these filters with another cursor (or none), for paging links. */
  public String queryString(@Nullable String nextCursor) {
    List<String> parts = new ArrayList<>();
    add(parts, "tenant", tenant);
    add(parts, "workload", workload);
    add(parts, "status", status);
    add(parts, "from", from);
    add(parts, "to", to);
    add(parts, "cursor", nextCursor);
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private @Nullable RunStatus parsedStatus() {
    if (status == null) {
      return null;
    }
    try {
      return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("status", "status must be one of " + List.of(RunStatus.values()) + ", was '" + status + "'");
    }
  }

  private RunCursor parsedCursor() {
    try {
      return RunCursor.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw bad("cursor", "cursor is not one this server returned");
    }
  }

  private static @Nullable Instant instant(String field, @Nullable String value) {
    if (value == null) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 18) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw bad(field, field + " must be a date and time (UTC), an ISO-8601 instant or epoch milliseconds, was '" + value + "'");
      }
    }
  }

  private static void add(List<String> parts, String name, @Nullable String value) {
    if (value != null) {
      parts.add(name + "=" + Html.url(value));
    }
  }

  private static @Nullable String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static ApiException bad(String field, String message) {
    return new ApiException(400, "invalid_parameter", message, field);
  }
}
