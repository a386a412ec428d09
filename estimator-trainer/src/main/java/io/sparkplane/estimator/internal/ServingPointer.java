package io.sparkplane.estimator.internal;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which model serves and which served before it, newest first: what {@code rollback} walks back
 * through. Internal.
 */
public record ServingPointer(@Nullable String champion, List<String> previous) {

  public static final ServingPointer EMPTY = new ServingPointer(null, List.of());

  public ServingPointer {
    previous = List.copyOf(previous);
  }

  public Optional<String> championVersion() {
    return Optional.ofNullable(champion);
  }
}
