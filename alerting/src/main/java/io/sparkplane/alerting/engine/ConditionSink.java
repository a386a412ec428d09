package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.Level;
import java.util.function.Supplier;

/** Where a rule reports whether its condition holds for a key; facts are built only if needed. */
interface ConditionSink {

  void condition(AlertKey key, Level level, boolean holds, Supplier<AlertFacts> facts);
}
