package io.sparkplane.triage.retry.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which run a retry run retries. A retry's run id is {@code <base>-attempt-<n>} (the policy's
 * {@code retryRunId}), so its predecessor is {@code <base>-attempt-<n-1>}, or {@code <base>} itself
 * for the second attempt. The caller confirms a candidate by its stored decision naming this run
 * as its {@code retryRunId}, so a run that merely looks like a retry is never counted. Internal.
 */
public final class RetryLinks {

  private static final Pattern ATTEMPT_SUFFIX = Pattern.compile("^(.+)-attempt-(\\d+)$");

  private RetryLinks() {}

  /** Candidate predecessor run ids of {@code runId} at {@code attempt}, most likely first; empty if none. */
  public static List<String> predecessorIds(String runId, int attempt) {
    Matcher m = ATTEMPT_SUFFIX.matcher(runId);
    if (attempt < 2 || !m.matches() || !m.group(2).equals(Integer.toString(attempt))) {
      return List.of();
    }
    String base = m.group(1);
    String previous = base + "-attempt-" + (attempt - 1);
    return attempt == 2 ? List.of(base, previous) : List.of(previous);
  }
}
