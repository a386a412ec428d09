package io.sparkplane.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/sparkplane}: the control plane's command line. */
@Command(
    name = "sparkplane",
    mixinStandardHelpOptions = true,
    version = "sparkplane 0.1.0-SNAPSHOT",
    description = "Reliability and observability control plane for Apache Spark fleets.",
    subcommands = {ServerCommand.class, ReplayCommand.class, DemoCommand.class})
public final class SparkplaneCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkplaneCli()).execute(args));
  }
}
