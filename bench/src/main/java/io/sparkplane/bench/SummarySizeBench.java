package io.sparkplane.bench;

import io.sparkplane.bench.synthetic.RunShape;
import io.sparkplane.bench.synthetic.SyntheticRun;
import io.sparkplane.listener.aggregate.RunTracker;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Size of the RUN_FINISHED event the listener sends, for synthetic runs of growing task and stage
 * counts, as JSON and gzip-compressed (as the HTTP transport sends it). Target: at most 64 KiB gzip
 * at 100,000 tasks over 500 stages, and no growth with the task count.
 *
 * <pre>
 * bench/run-listener-bench.sh size [--tasks 100000 --stages 500 --concurrent 5] [--out DIR]
 * </pre>
 *
 * Without {@code --tasks}, runs 1,000/5, 100,000/5 and 100,000/500 (tasks/stages).
 */
public final class SummarySizeBench {

  private SummarySizeBench() {}

  public static void main(String[] argv) throws IOException {
    Args args =
        new Args(argv, Map.of("tasks", "", "stages", "500", "concurrent", "5", "out", ""));
    List<RunShape> shapes = new ArrayList<>();
    if (args.string("tasks").isEmpty()) {
      shapes.add(RunShape.of(1_000, 5, 5));
      shapes.add(RunShape.of(100_000, 5, 5));
      shapes.add(RunShape.of(100_000, 500, 5));
    } else {
      shapes.add(
          RunShape.of(args.longValue("tasks"), args.integer("stages"), args.integer("concurrent")));
    }
    System.out.println("SummarySizeBench: RUN_FINISHED event size, default listener settings");
    boolean ok = true;
    for (RunShape shape : shapes) {
      Finished finished = finish(shape);
      byte[] json = TelemetryJson.toBytes(finished.event());
      SummarySize size = measure(shape, finished, json);
      ok &= size.withinTarget() && size.summaryTasks() == shape.totalTasks();
      System.out.println(size.line());
      if (!args.string("out").isEmpty()) {
        Path out = Path.of(args.string("out"));
        Files.createDirectories(out);
        Files.write(out.resolve("run-finished-" + shape.totalTasks() + "-" + shape.stages() + ".json"), json);
      }
    }
    System.out.println(ok ? "RESULT OK" : "RESULT FAILED");
    if (!ok) {
      System.exit(1);
    }
  }

  /** The RUN_FINISHED event of a run and how long driving the tracker through the run took. */
  private record Finished(TelemetryEvent event, long driveMillis) {}

  private static Finished finish(RunShape shape) {
    List<TelemetryEvent> sink = new ArrayList<>();
    RunTracker tracker = Trackers.newTracker(sink::add);
    SyntheticRun run = new SyntheticRun(shape);
    long t0 = System.nanoTime();
    run.runJobs(tracker, () -> {});
    run.endApplication(tracker);
    long driveMillis = (System.nanoTime() - t0) / 1_000_000;
    List<TelemetryEvent> finished =
        sink.stream().filter(e -> e.type() == EventType.RUN_FINISHED).toList();
    if (finished.size() != 1) {
      throw new IllegalStateException("expected one RUN_FINISHED event, got " + finished.size());
    }
    return new Finished(finished.get(0), driveMillis);
  }

  private static SummarySize measure(RunShape shape, Finished finished, byte[] json) {
    TelemetryEvent e = finished.event();
    return new SummarySize(
        shape,
        e.summary().totals().tasks(),
        e.summary().stages().size(),
        e.summary().foldedStages(),
        json.length,
        gzip(json).length,
        finished.driveMillis());
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
