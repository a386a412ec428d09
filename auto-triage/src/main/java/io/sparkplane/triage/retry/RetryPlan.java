package io.sparkplane.triage.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a retry changes: Spark conf overrides with concrete values (the remedy catalog's directions
 * such as {@code increase} resolved against the failed run's configuration), an optional salting
 * plan, the remedies' actions, and notes on remedies that need a person (a larger volume).
 *
 * @param confOverrides Spark settings to set on the retry, in the order to apply them
 * @param salting the salting plan, for {@code DATA_SKEW}
 * @param actions what the remedies do, one line each
 * @param notes remedies that could not be turned into a setting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPlan(
    Map<String, String> confOverrides, @Nullable SaltingPlan salting, List<String> actions, List<String> notes) {

  public RetryPlan {
    confOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(confOverrides));
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }
}
