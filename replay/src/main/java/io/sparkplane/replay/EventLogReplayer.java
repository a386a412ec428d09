package io.sparkplane.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.scheduler.ReplayListenerBus;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Replays Spark event logs through the live listener's aggregation and returns the run telemetry it
 * emits. Reads what Spark's history server reads: plain logs, logs compressed with Spark's codecs
 * ({@code .lz4}, {@code .lzf}, {@code .snappy}, {@code .zstd}/{@code .zst}), and rolling event-log
 * directories ({@code eventlog_v2_*}); a directory of such logs is replayed log by log.
 *
 * <pre>
 * EventLogReplayer replayer = new EventLogReplayer(ReplayOptions.NONE);
 * for (ReplayedLog log : replayer.replay(Path.of("/var/spark-events/app-20240101120000-0001.zstd"))) {
 *   log.summaries().forEach(s -&gt; System.out.println(s.status() + " " + s.totals()));
 * }
 * </pre>
 *
 * <p>A log's last file may end mid-event (a driver killed while writing): the cut-off event is
 * dropped and the log is marked {@link ReplayedLog#truncated()}. A log that never recorded the
 * application's end still yields a summary, finished at its last event time with the status the
 * aggregation computes from what the log shows (jobs still running make it {@code CANCELLED}). The
 * application end a log does record is applied after the log's last event, so that jobs Spark
 * cancels at shutdown (logged after the application end) count as the History Server counts them.
 *
 * <p>Event ids are derived from the run and event, so replaying the same log twice yields the same
 * ids and a collector stores the run once.
 */
public final class EventLogReplayer {

  private final ReplayOptions options;

  public EventLogReplayer(ReplayOptions options) {
    this.options = options;
  }

  /** Replays every event log at {@code path} (a log file, a rolling directory or a directory of logs). */
  public List<ReplayedLog> replay(Path path) throws ReplayException {
    List<ReplayedLog> out = new ArrayList<>();
    for (EventLog log : EventLogFiles.discover(path)) {
      out.add(replay(log));
    }
    return out;
  }

  /** Replays the logs at each path and returns all their events, in order. */
  public List<TelemetryEvent> events(List<Path> paths) throws ReplayException {
    List<TelemetryEvent> events = new ArrayList<>();
    for (Path path : paths) {
      for (ReplayedLog log : replay(path)) {
        events.addAll(log.events());
      }
    }
    return events;
  }

  ReplayedLog replay(EventLog log) throws ReplayException {
    List<TelemetryEvent> events = new ArrayList<>();
    EventLogListener listener =
        new EventLogListener(options, event -> events.add(withStableId(event)));
    ReplayListenerBus bus = new ReplayListenerBus();
    bus.addListener(listener);
    boolean truncated = false;
    List<Path> files = log.files();
    for (int i = 0; i < files.size(); i++) {
      truncated |= replayFile(bus, listener, files.get(i), i == files.size() - 1);
    }
    boolean unfinished = listener.endOfLog();
    if (listener.failure() != null) {
      throw new ReplayException(
          log.source().toString(),
          "aggregation failed on " + listener.failedEvent() + ": " + listener.failure(),
          listener.failure());
    }
    return new ReplayedLog(
        log.source().toString(), listener.sparkVersion(), events, truncated, unfinished);
  }

  /** Replays one file into the bus; returns whether it was truncated. */
  private static boolean replayFile(
      ReplayListenerBus bus, EventLogListener listener, Path file, boolean last)
      throws ReplayException {
    try (InputStream in = EventLogFiles.open(file)) {
      EventLines lines = new EventLines(in, last);
      boolean complete = replayLines(bus, listener, file, lines, last);
      if (lines.failure() != null) {
        throw new ReplayException(
            file.toString(),
            "unreadable after line " + lines.lineNumber() + ": " + lines.failure(),
            lines.failure());
      }
      if (!complete) {
        throw new ReplayException(
            file.toString(),
            "malformed event at or before line " + lines.lineNumber()
                + " (Spark's replay stopped there)",
            null);
      }
      return lines.truncated() || (last && !parses(lines.lastLine()));
    } catch (IOException e) {
      throw new ReplayException(file.toString(), "cannot read: " + e, e);
    }
  }

  private static boolean replayLines(
      ReplayListenerBus bus, EventLogListener listener, Path file, EventLines lines, boolean last)
      throws ReplayException {
    try {
      return bus.replay(
          CollectionConverters.asScala(lines),
          file.toString(),
          last,
          line -> {
            listener.lineRead(line);
            return Boolean.TRUE;
          });
    } catch (Exception e) {
      // Spark rethrows a parse error that is not on a possibly truncated last line, undeclared.
      if (e instanceof JsonProcessingException json) {
        throw new ReplayException(
            file.toString(),
            "malformed event at line " + lines.lineNumber() + ": " + json.getOriginalMessage(),
            e);
      }
      throw new ReplayException(
          file.toString(), "replay failed at line " + lines.lineNumber() + ": " + e, e);
    }
  }

  private static boolean parses(String line) {
    if (line == null) {
      return true;
    }
    try {
      TelemetryJson.mapper().readTree(line);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The event with an id derived from what it is, so a replay is idempotent at the collector. */
  private static TelemetryEvent withStableId(TelemetryEvent e) {
    String key =
        "sparkplane-replay|" + e.type() + '|' + e.run().runId() + '|' + e.run().attempt() + '|'
            + e.run().appId() + '|' + e.run().tenant() + '|' + e.timeMs();
    String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    return new TelemetryEvent(
        e.schemaVersion(), id, e.type(), e.timeMs(), e.run(), e.started(), e.heartbeat(), e.summary());
  }
}
