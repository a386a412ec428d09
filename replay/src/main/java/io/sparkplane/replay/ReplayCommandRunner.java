package io.sparkplane.replay;

import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replay command, for the CLI: replays each event log, prints one line per run to
 * {@code progress}, and writes the telemetry to an NDJSON file and/or a collector.
 *
 * <pre>
 * ReplayReport report =
 *     ReplayCommandRunner.run(
 *         List.of(Path.of("/var/spark-events")),
 *         new ReplayOptions("acme", null, null, token),
 *         Optional.of(URI.create("http://collector:7070")),
 *         Optional.empty(),
 *         System.err);
 * System.exit(report.exitCode());
 * </pre>
 *
 * <p>A log that cannot be replayed is reported and skipped; the others still go out. An output that
 * fails (the collector rejects a batch, the file cannot be written) stops all output: the report
 * carries the error and a non-zero exit code.
 */
public final class ReplayCommandRunner {

  private ReplayCommandRunner() {}

  /**
   * Replays {@code paths} (files, rolling {@code eventlog_v2_*} directories, or directories of logs).
   *
   * @param collector base URL of a collector to POST to ({@code --collector}), optional
   * @param out NDJSON file to write ({@code --out}), optional; with neither, the logs are only
   *     replayed and summarised to {@code progress}
   */
  public static ReplayReport run(
      List<Path> paths,
      ReplayOptions options,
      Optional<URI> collector,
      Optional<Path> out,
      PrintStream progress) {
    EventLogReplayer replayer = new EventLogReplayer(options);
    List<String> errors = new ArrayList<>();
    int logs = 0;
    int runs = 0;
    long written = 0;
    long sent = 0;
    ReplayOutput file = null;
    ReplayOutput post = null;
    try {
      file = out.isPresent() ? ReplayOutput.ndjson(out.get()) : null;
      post = collector.map(url -> ReplayOutput.collector(url, options.collectorToken())).orElse(null);
      for (Path path : paths) {
        List<ReplayedLog> replayed;
        try {
          replayed = replayer.replay(path);
        } catch (ReplayException e) {
          errors.add(e.getMessage());
          progress.println("FAILED " + e.getMessage());
          continue;
        }
        for (ReplayedLog log : replayed) {
          logs++;
          runs += log.summaries().size();
          printLog(progress, log);
          if (file != null) {
            written += file.write(log.events());
          }
          if (post != null) {
            sent += post.write(log.events());
          }
        }
      }
    } catch (ReplayException e) {
      errors.add(e.getMessage());
      progress.println("FAILED " + e.getMessage());
    } finally {
      closeQuietly(file, errors, progress);
      closeQuietly(post, errors, progress);
    }
    ReplayReport report = new ReplayReport(logs, runs, written, sent, errors);
    progress.printf(
        "replayed %d log(s), %d run(s); %d event(s) written, %d sent; %d error(s)%n",
        logs, runs, written, sent, errors.size());
    return report;
  }

  private static void printLog(PrintStream progress, ReplayedLog log) {
    String notes =
        (log.truncated() ? " [truncated]" : "") + (log.unfinished() ? " [no application end]" : "");
    for (TelemetryEvent event : log.events()) {
      if (event.summary() == null) {
        continue;
      }
      RunSummary s = event.summary();
      progress.printf(
          "%s: run %s %s, %d job(s) (%d failed), %d stage(s), %d task(s) (%d failed)%s%n",
          log.source(),
          event.run().runId(),
          s.status(),
          s.progress().completedJobs() + s.progress().failedJobs(),
          s.progress().failedJobs(),
          s.progress().completedStages() + s.progress().failedStages(),
          s.totals().tasks(),
          s.totals().failedTasks(),
          notes);
    }
  }

  private static void closeQuietly(ReplayOutput output, List<String> errors, PrintStream progress) {
    if (output == null) {
      return;
    }
    try {
      output.close();
    } catch (ReplayException e) {
      errors.add(e.getMessage());
      progress.println("FAILED " + e.getMessage());
    }
  }
}
