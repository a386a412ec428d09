package io.sparkplane.estimator.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The last {@link #WINDOW} finished runs of each workload, for per-workload history features.
 * Bounded: beyond {@code maxWorkloads} the least recently updated workload is forgotten.
 * Thread-safe. Internal.
 */
public final class WorkloadHistory {

  /** Runs per workload the history features are computed over. */
  public static final int WINDOW = 20;

  private final int maxWorkloads;
  private final LinkedHashMap<String, Ring> rings;

  public WorkloadHistory(int maxWorkloads) {
    this.maxWorkloads = maxWorkloads;
    this.rings =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Ring> eldest) {
            return size() > WorkloadHistory.this.maxWorkloads;
          }
        };
  }

  public static String key(String tenant, String workload) {
    return tenant + '\u0000' + workload;
  }

  public synchronized void add(String key, long durationMs, long inputBytes, long peakBytes) {
    rings.computeIfAbsent(key, k -> new Ring()).add(durationMs, inputBytes, peakBytes);
  }

  public synchronized WorkloadStats stats(String key) {
    Ring ring = rings.get(key);
    return ring == null ? WorkloadStats.NONE : ring.stats();
  }

  public synchronized boolean knows(String key) {
    return rings.containsKey(key);
  }

  public synchronized int workloads() {
    return rings.size();
  }

  /** A workload's last runs; not thread-safe on its own. */
  static final class Ring {
    private final double[] durations = new double[WINDOW];
    private final double[] bytes = new double[WINDOW];
    private final double[] peaks = new double[WINDOW];
    private int size;
    private int next;
    private @Nullable WorkloadStats cached;

    void add(long durationMs, long inputBytes, long peakBytes) {
      durations[next] = Math.log(Math.max(1, durationMs));
      bytes[next] = Math.log1p(inputBytes);
      peaks[next] = Math.log1p(peakBytes);
      next = (next + 1) % WINDOW;
      size = Math.min(size + 1, WINDOW);
      cached = null;
    }

    WorkloadStats stats() {
      WorkloadStats s = cached;
      if (s == null) {
        s = new WorkloadStats(size, median(durations, size), median(bytes, size), median(peaks, size));
        cached = s;
      }
      return s;
    }

    private static double median(double[] values, int n) {
      if (n == 0) {
        return 0;
      }
      double[] copy = Arrays.copyOf(values, n);
      Arrays.sort(copy);
      return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }
  }
}
