package io.sparkplane.listener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary that protects the Spark job from the listener: counts the listener's own failures,
 * logs the first and every thousandth, and switches the listener off after too many, or at once on a
 * {@link VirtualMachineError}, so a broken listener costs nothing further.
 */
final class CallbackGuard {

  static final int MAX_FAILURES = 100;
  private static final Logger LOG = LoggerFactory.getLogger(SparkplaneListener.class);

  private volatile boolean disabled;
  private long failures;

  boolean disabled() {
    return disabled;
  }

  void disable(String why) {
    if (!disabled) {
      disabled = true;
      LOG.warn("Sparkplane listener switched off: {}. The Spark job is not affected.", why);
    }
  }

  synchronized void failed(String where, Throwable t) {
    failures++;
    if (failures == 1 || failures % 1000 == 0) {
      LOG.warn("Sparkplane listener failed in {} ({} failures so far); the job continues", where, failures, t);
    }
    if (t instanceof VirtualMachineError) {
      disable("JVM error " + t);
    } else if (failures >= MAX_FAILURES) {
      disable(failures + " failures");
    }
  }

  synchronized long failures() {
    return failures;
  }
}
