package io.sparkplane.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Per-thread CPU time from the JVM, the clock of the listener's cost accounting. Where the JVM
 * cannot measure thread CPU time, wall time stands in (an upper bound of the CPU spent).
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = enable();

  private ThreadCpu() {}

  private static boolean enable() {
    try {
      if (!THREADS.isCurrentThreadCpuTimeSupported()) {
        return false;
      }
      if (!THREADS.isThreadCpuTimeEnabled()) {
        THREADS.setThreadCpuTimeEnabled(true);
      }
      return THREADS.isThreadCpuTimeEnabled();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** CPU nanoseconds of the calling thread so far. */
  static long current() {
    return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** CPU nanoseconds of {@code thread} so far; 0 if it is unknown or gone. */
  static long of(Thread thread) {
    if (!SUPPORTED || thread == null) {
      return 0;
    }
    return Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
  }
}
