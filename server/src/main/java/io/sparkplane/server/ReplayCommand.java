package io.sparkplane.server;

import io.sparkplane.replay.ReplayCommandRunner;
import io.sparkplane.replay.ReplayOptions;
import io.sparkplane.replay.ReplayReport;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane replay}: backfills run history from Spark event logs. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Feeds Spark event logs (plain, .lz4, .zstd, rolling eventlog_v2_* directories) through the"
          + " listener's aggregation and sends the run summaries to a collector or a file.",
      "Exit code 0 when every log replayed and every event was taken, 1 otherwise."
    })
final class ReplayCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Event log files or directories.")
  List<Path> paths;

  @Option(names = "--collector", paramLabel = "URL", description = "Collector base URL to POST to.")
  URI collector;

  @Option(names = "--out", paramLabel = "FILE", description = "NDJSON file to write the events to.")
  Path out;

  @Option(names = "--token", description = "Bearer token for the collector.")
  String token;

  @Option(names = "--tenant", description = "Tenant of the replayed runs (overrides the log's conf).")
  String tenant;

  @Option(names = "--region", description = "Region of the replayed runs.")
  String region;

  @Option(names = "--workload", description = "Workload of the replayed runs.")
  String workload;

  @Override
  public Integer call() {
    ReplayReport report =
        ReplayCommandRunner.run(
            paths,
            new ReplayOptions(tenant, region, workload, token),
            Optional.ofNullable(collector),
            Optional.ofNullable(out),
            System.err);
    return report.exitCode();
  }
}
