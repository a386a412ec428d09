package io.sparkplane.listener;

import io.sparkplane.listener.aggregate.RunTracker;
import io.sparkplane.listener.aggregate.SqlEventHandler;
import io.sparkplane.listener.ship.HttpTelemetryTransport;
import io.sparkplane.listener.ship.TelemetryShipper;
import io.sparkplane.listener.trace.OtlpSpanExport;
import io.sparkplane.listener.trace.RunTracing;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple2;

/**
 * Sparkplane's guest in a Spark driver. Attach it with
 *
 * <pre>
 * --conf spark.extraListeners=io.sparkplane.listener.SparkplaneListener
 * --conf spark.sparkplane.collector.url=http://host:7070
 * </pre>
 *
 * <p>It aggregates each run into a bounded summary and ships run-started, heartbeat and run-finished
 * events to the collector. It never blocks Spark's listener bus on I/O, never throws into Spark, and
 * switches itself off ({@code spark.sparkplane.enabled=false}, or after repeated failures of its own).
 *
 * <p>With {@code spark.sparkplane.otel.endpoint} it also traces each run and its stages by OTLP, under
 * the {@code traceparent} local property an engine sets on its jobs (see {@link RunTracing}).
 */
public class SparkplaneListener extends SparkListener {

  private final CallbackGuard guard = new CallbackGuard();
  private final AtomicReference<Thread> heartbeatThread = new AtomicReference<>();
  private final RunTracker tracker;
  private final SqlEventHandler sql;
  private final TelemetryShipper shipper;
  private final Heartbeats heartbeats;
  private final CallbackBudget budget;
  private final Duration flushTimeout;
  private final OtlpSpanExport spanExport;

  /** Called by Spark for {@code spark.extraListeners}. */
  public SparkplaneListener(SparkConf conf) {
    this(confMap(conf), Clock.systemUTC());
  }

  /** The Spark conf as a map and the clock heartbeats use; ships to the configured collector. */
  public SparkplaneListener(Map<String, String> conf, Clock clock) {
    this(conf, clock, null);
  }

  /**
   * For embedding and tests: telemetry goes to {@code sink} instead of an HTTP collector when the
   * sink is not null. Register with {@code sparkContext.addSparkListener(listener)}.
   */
  public SparkplaneListener(Map<String, String> conf, Clock clock, TelemetrySink sinkOverride) {
    this(conf, clock, sinkOverride, null);
  }

  /**
   * For tests: run and stage spans go to {@code tracer} (when not null) instead of the OTLP export
   * that {@code spark.sparkplane.otel.endpoint} would start.
   */
  SparkplaneListener(
      Map<String, String> conf,
      Clock clock,
      TelemetrySink sinkOverride,
      io.opentelemetry.api.trace.Tracer tracerOverride) {
    RunTracker t = null;
    OtlpSpanExport export = null;
    SqlEventHandler s = null;
    TelemetryShipper sh = null;
    Heartbeats hb = null;
    CallbackBudget b = null;
    Duration flush = Duration.ZERO;
    try {
      ListenerSettings settings = ListenerSettings.fromConf(conf);
      if (!settings.enabled()) {
        guard.disable("spark.sparkplane.enabled=false");
      } else {
        ShipperHolder holder = new ShipperHolder();
        sh =
            sinkOverride != null || settings.collectorUrl() == null
                ? null
                : newShipper(settings, holder);
        TelemetrySink sink = sinkOverride != null ? sinkOverride : sh != null ? sh : event -> {};
        RunTracing tracing;
        if (tracerOverride != null) {
          tracing = RunTracing.traced(tracerOverride, guard::failed);
        } else if (settings.otel().enabled()) {
          export = startSpanExport(settings.otel());
          tracing =
              export == null
                  ? RunTracing.propagateOnly()
                  : RunTracing.traced(export.tracer(), guard::failed);
        } else {
          tracing = RunTracing.propagateOnly();
        }
        t =
            new RunTracker(
                settings,
                conf,
                org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                sink,
                tracing);
        holder.tracker = t;
        s = SqlEventHandler.ifSqlPresent(t);
        b = new CallbackBudget(settings.maxCallbackTimeFraction(), System.nanoTime());
        hb = Heartbeats.start(t, settings.heartbeatInterval(), clock, guard, heartbeatThread);
        t.enableCostAccounting(new OwnThreadsCost(sh, heartbeatThread));
        flush = settings.flushTimeout();
      }
    } catch (Throwable e) {
      guard.failed("start-up", e);
      guard.disable("start-up failed: " + e);
    }
    this.tracker = t;
    this.sql = s;
    this.shipper = sh;
    this.heartbeats = hb;
    this.budget = b;
    this.flushTimeout = flush;
    this.spanExport = export;
  }

  /** Lets the shipper report drops to the tracker, which is created after it. */
  private static final class ShipperHolder {
    volatile RunTracker tracker;

    void dropped(long n) {
      RunTracker t = tracker;
      if (t != null) {
        t.telemetryDropped(n);
      }
    }
  }

  private static TelemetryShipper newShipper(ListenerSettings settings, ShipperHolder holder) {
    TelemetryShipper.Config config =
        new TelemetryShipper.Config(
            settings.queueCapacity(),
            settings.batchMaxEvents(),
            settings.httpTimeout(),
            Duration.ofMillis(200),
            Duration.ofSeconds(30));
    return new TelemetryShipper(
        new HttpTelemetryTransport(settings.collectorUrl(), settings.token(), settings.httpTimeout()),
        config,
        holder::dropped);
  }

  /** The OTLP span export, or null when it cannot start: telemetry then goes on without spans. */
  private OtlpSpanExport startSpanExport(ListenerSettings.OtelSettings otel) {
    try {
      return OtlpSpanExport.start(otel);
    } catch (Throwable e) {
      guard.failed("tracing start-up (" + otel.endpoint() + "), runs are not traced", e);
      return null;
    }
  }

  private static Map<String, String> confMap(SparkConf conf) {
    Map<String, String> map = new HashMap<>();
    for (Tuple2<String, String> kv : conf.getAll()) {
      map.put(kv._1(), kv._2());
    }
    return map;
  }

  private boolean off() {
    return tracker == null || guard.disabled();
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      tracker.applicationStarted(event);
    } catch (Throwable e) {
      guard.failed("onApplicationStart", e);
    } finally {
      account(cpu0, false);
    }
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd event) {
    if (off()) {
      return;
    }
    try {
      tracker.applicationEnded(event);
    } catch (Throwable e) {
      guard.failed("onApplicationEnd", e);
    }
    shutdown();
  }

  /** Stops heartbeats and flushes pending telemetry, bounded by {@code spark.sparkplane.flush.timeout}. */
  private void shutdown() {
    try {
      if (heartbeats != null) {
        heartbeats.close();
      }
      if (spanExport != null) {
        spanExport.close(flushTimeout);
      }
      if (shipper != null) {
        shipper.close(flushTimeout);
      }
    } catch (Throwable e) {
      guard.failed("shutdown", e);
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      tracker.jobStarted(event);
    } catch (Throwable e) {
      guard.failed("onJobStart", e);
    } finally {
      account(cpu0, false);
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      tracker.jobEnded(event);
    } catch (Throwable e) {
      guard.failed("onJobEnd", e);
    } finally {
      account(cpu0, false);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      tracker.stageSubmitted(event);
    } catch (Throwable e) {
      guard.failed("onStageSubmitted", e);
    } finally {
      account(cpu0, false);
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      tracker.stageCompleted(event);
    } catch (Throwable e) {
      guard.failed("onStageCompleted", e);
    } finally {
      account(cpu0, false);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (off()) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      if (budget.exhausted()) {
        tracker.taskDropped();
      } else {
        tracker.taskEnded(event);
      }
    } catch (Throwable e) {
      guard.failed("onTaskEnd", e);
    } finally {
      account(cpu0, true);
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
    if (off()) {
      return;
    }
    try {
      tracker.executorRemoved(event.executorId(), event.time(), event.reason());
    } catch (Throwable e) {
      guard.failed("onExecutorRemoved", e);
    }
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (off() || sql == null) {
      return;
    }
    long cpu0 = ThreadCpu.current();
    try {
      sql.onOtherEvent(event);
    } catch (Throwable e) {
      guard.failed("onOtherEvent", e);
    } finally {
      account(cpu0, false);
    }
  }

  /** Charges a callback's CPU time to the budget and to the run it worked for. */
  private void account(long cpuAtStart, boolean taskEvent) {
    long spent = ThreadCpu.current() - cpuAtStart;
    budget.spent(spent);
    tracker.charge(spent, taskEvent);
  }

  /** CPU nanoseconds this listener has spent in its callbacks on the listener bus. */
  public long callbackNanos() {
    return budget == null ? 0 : budget.spentNanos();
  }

  /** Whether this listener makes run and stage spans ({@code spark.sparkplane.otel.endpoint} set). */
  public boolean tracesSpans() {
    return tracker != null && tracker.tracesSpans();
  }

  /** Whether the listener switched itself off (kill switch, start-up failure, repeated failures). */
  boolean switchedOff() {
    return off();
  }

  /** The shipper, for tests and benchmarks; null when no collector URL is set. */
  TelemetryShipper shipper() {
    return shipper;
  }
}
