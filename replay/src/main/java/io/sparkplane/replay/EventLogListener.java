package io.sparkplane.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.listener.ListenerSettings;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.listener.aggregate.RunTracker;
import io.sparkplane.listener.aggregate.SqlEventHandler;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerBlockManagerAdded;
import org.apache.spark.scheduler.SparkListenerEnvironmentUpdate;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.Option;
import scala.Tuple2;

/**
 * Feeds one application's replayed events into a {@link RunTracker}, the aggregation the live
 * listener runs. The tracker is created on the first event it needs, so that it is configured from
 * the log itself: the Spark version from {@code SparkListenerLogStart} and the settings from the
 * Spark properties of {@code SparkListenerEnvironmentUpdate} (both come first in a log), with the
 * caller's {@link ReplayOptions} on top.
 *
 * <p>Unlike the live listener it has no time budget and no kill switch: replay has all the time it
 * needs. An exception from the aggregation is kept (Spark's bus would only log it) and reported by
 * the replayer, so a replay never silently produces a partial summary.
 */
final class EventLogListener extends SparkListener {

  private static final String LOG_START = "\"SparkListenerLogStart\"";

  private final ReplayOptions options;
  private final TelemetrySink sink;
  private final Map<String, String> logConf = new HashMap<>();
  private RunTracker tracker;
  private SqlEventHandler sql;
  private String sparkVersion;
  private long lastEventTimeMs;
  private SparkListenerApplicationEnd applicationEnd;
  private RuntimeException failure;
  private String failedEvent;

  EventLogListener(ReplayOptions options, TelemetrySink sink) {
    this.options = options;
    this.sink = sink;
  }

  /**
   * Sees every raw line before Spark parses it. Spark's bus does not deliver
   * {@code SparkListenerLogStart} to listeners, so its version is read here.
   */
  void lineRead(String line) {
    if (sparkVersion == null && tracker == null && line.contains(LOG_START)) {
      try {
        JsonNode node = TelemetryJson.mapper().readTree(line);
        JsonNode version = node.get("Spark Version");
        if (version != null && version.isTextual()) {
          sparkVersion = version.asText();
        }
      } catch (IOException e) {
        // A malformed first line is Spark's parser's to report; the version stays unknown.
      }
    }
  }

  /** Spark version from the log's {@code SparkListenerLogStart}, or null (logs before Spark 1.4). */
  String sparkVersion() {
    return sparkVersion;
  }

  /** Latest event time seen, in epoch millis; 0 before any timed event. */
  long lastEventTimeMs() {
    return lastEventTimeMs;
  }

  /** The first exception the aggregation threw, or null. */
  RuntimeException failure() {
    return failure;
  }

  /** The event whose handling threw {@link #failure()}, or null. */
  String failedEvent() {
    return failedEvent;
  }

  /**
   * Ends the application after the log's last event. With the log's own application end when it
   * has one (applied only now, see {@link #onApplicationEnd}); otherwise (a driver that crashed, a
   * log still being written) open runs end at the last event time seen, with the status the tracker
   * computes from what the log shows.
   *
   * @return whether runs were open with no application end in the log
   */
  boolean endOfLog() {
    if (tracker == null) {
      return false;
    }
    if (applicationEnd != null) {
      guarded("SparkListenerApplicationEnd", () -> tracker.applicationEnded(applicationEnd));
      return false;
    }
    if (tracker.activeRuns() == 0) {
      return false;
    }
    guarded(
        "synthetic SparkListenerApplicationEnd",
        () ->
            tracker.applicationEnded(
                new SparkListenerApplicationEnd(lastEventTimeMs, Option.empty())));
    return true;
  }

  private RunTracker tracker() {
    if (tracker == null) {
      Map<String, String> conf = new HashMap<>(logConf);
      putIfSet(conf, "tenant", options.tenant());
      putIfSet(conf, "region", options.region());
      putIfSet(conf, "workload", options.workload());
      tracker = new RunTracker(ListenerSettings.fromConf(conf), conf, sparkVersion, sink);
      sql = SqlEventHandler.ifSqlPresent(tracker);
    }
    return tracker;
  }

  private static void putIfSet(Map<String, String> conf, String key, String value) {
    if (value != null) {
      conf.put(ListenerSettings.PREFIX + key, value);
    }
  }

  private void seen(long timeMs) {
    if (timeMs > lastEventTimeMs) {
      lastEventTimeMs = timeMs;
    }
  }

  private void guarded(String event, Runnable action) {
    if (failure != null) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      failure = e;
      failedEvent = event;
    }
  }

  @Override
  public void onEnvironmentUpdate(SparkListenerEnvironmentUpdate event) {
    Map<String, String> props = sparkProperties(event);
    if (tracker == null) {
      logConf.putAll(props);
    } else {
      guarded("SparkListenerEnvironmentUpdate", () -> tracker.environmentUpdated(props));
    }
  }

  private static Map<String, String> sparkProperties(SparkListenerEnvironmentUpdate event) {
    Map<String, String> props = new HashMap<>();
    Option<scala.collection.Seq<Tuple2<String, String>>> section =
        event.environmentDetails().get("Spark Properties");
    if (section.isDefined()) {
      scala.collection.Iterator<Tuple2<String, String>> it = section.get().iterator();
      while (it.hasNext()) {
        Tuple2<String, String> kv = it.next();
        props.put(kv._1(), kv._2());
      }
    }
    return props;
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart event) {
    seen(event.time());
    guarded("SparkListenerApplicationStart", () -> tracker().applicationStarted(event));
  }

  /**
   * Held until the end of the log. Spark posts the application end before its DAG scheduler stops,
   * so the jobs and stages cancelled at shutdown, and their last task ends, are logged after it;
   * the History Server counts them, and so does replay. (The live listener ships its summary at the
   * application end and cannot see them; it reports such jobs as still active.)
   */
  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd event) {
    seen(event.time());
    guarded("SparkListenerApplicationEnd", this::tracker);
    applicationEnd = event;
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    seen(event.time());
    guarded("SparkListenerJobStart", () -> tracker().jobStarted(event));
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd event) {
    seen(event.time());
    guarded("SparkListenerJobEnd", () -> tracker().jobEnded(event));
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    Option<Object> submitted = event.stageInfo().submissionTime();
    if (submitted.isDefined()) {
      seen(((Number) submitted.get()).longValue());
    }
    guarded("SparkListenerStageSubmitted", () -> tracker().stageSubmitted(event));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    Option<Object> completed = event.stageInfo().completionTime();
    if (completed.isDefined()) {
      seen(((Number) completed.get()).longValue());
    }
    guarded("SparkListenerStageCompleted", () -> tracker().stageCompleted(event));
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart event) {
    if (event.taskInfo() != null) {
      seen(event.taskInfo().launchTime());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.taskInfo() != null) {
      seen(event.taskInfo().finishTime());
    }
    guarded("SparkListenerTaskEnd", () -> tracker().taskEnded(event));
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded event) {
    seen(event.time());
  }

  @Override
  public void onBlockManagerAdded(SparkListenerBlockManagerAdded event) {
    seen(event.time());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
    seen(event.time());
    guarded(
        "SparkListenerExecutorRemoved",
        () -> tracker().executorRemoved(event.executorId(), event.time(), event.reason()));
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    boolean sqlExecution = false;
    if (event instanceof SparkListenerSQLExecutionStart start) {
      seen(start.time());
      sqlExecution = true;
    } else if (event instanceof SparkListenerSQLExecutionEnd end) {
      seen(end.time());
      sqlExecution = true;
    }
    if (tracker == null && !sqlExecution) {
      // Other custom events before the application starts cannot belong to a run; they must not
      // create the tracker before the environment update has configured it.
      return;
    }
    guarded(
        event.getClass().getSimpleName(),
        () -> {
          tracker();
          if (sql != null) {
            sql.onOtherEvent(event);
          }
        });
  }
}
