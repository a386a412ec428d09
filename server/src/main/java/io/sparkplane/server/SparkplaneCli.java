package io.sparkplane.server;

import io.sparkplane.server.cli.AlertsCommand;
import io.sparkplane.server.cli.ApiCallException;
import io.sparkplane.server.cli.ModelCommand;
import io.sparkplane.server.cli.RunCommand;
import io.sparkplane.server.cli.RunsCommand;
import io.sparkplane.server.cli.TenantsCommand;
import io.sparkplane.server.cli.TrainCommand;
import io.sparkplane.server.config.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/sparkplane}: the control plane's command line. */
@Command(
    name = "sparkplane",
    mixinStandardHelpOptions = true,
    version = "sparkplane 0.1.0-SNAPSHOT",
    description = "Reliability and observability control plane for Apache Spark fleets.",
    subcommands = {
      ServerCommand.class,
      ReplayCommand.class,
      DemoCommand.class,
      RunsCommand.class,
      RunCommand.class,
      AlertsCommand.class,
      TrainCommand.class,
      ModelCommand.class,
      TenantsCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 the work or the server failed, 2 bad usage or settings."
    })
public final class SparkplaneCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Exit code of a command that could not start because of its settings. */
  static final int EXIT_BAD_SETTINGS = 2;

  /** Exit code when the work or the server failed. */
  static final int EXIT_FAILED = 1;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new SparkplaneCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof SettingsException) {
                cmd.getErr().println("sparkplane: bad setting: " + e.getMessage());
                return EXIT_BAD_SETTINGS;
              }
              if (e instanceof ApiCallException) {
                cmd.getErr().println("sparkplane: " + e.getMessage());
                return EXIT_FAILED;
              }
              throw e;
            });
  }
}
