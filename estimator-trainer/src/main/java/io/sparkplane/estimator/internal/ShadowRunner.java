package io.sparkplane.estimator.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers live requests with the challenger off the request thread, so shadowing never adds
 * latency: a bounded queue drained by one named daemon thread; when the queue is full the shadow
 * answer is dropped and counted, never waited for. Internal.
 */
public final class ShadowRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ShadowRunner.class);

  private final BlockingQueue<Runnable> queue;
  private final Thread thread;
  private final EstimatorMetrics metrics;
  private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closed;

  public ShadowRunner(int capacity, EstimatorMetrics metrics) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.metrics = metrics;
    this.thread = new Thread(this::drain, "sparkplane-estimator-shadow");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a shadow answer; false (and counted) if the queue is full. */
  public boolean submit(Runnable shadowAnswer) {
    pending.incrementAndGet();
    if (closed || !queue.offer(shadowAnswer)) {
      pending.decrementAndGet();
      metrics.shadowDropped();
      return false;
    }
    return true;
  }

  /** Waits until everything queued so far ran (tests and benchmarks). */
  public void awaitIdle(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private void drain() {
    while (!closed) {
      Runnable task;
      try {
        task = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (task == null) {
        continue;
      }
      try {
        task.run();
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError error) {
          throw error;
        }
        metrics.shadowFailed();
        log.debug("Shadow estimate failed", t);
      } finally {
        pending.decrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
