package io.sparkplane.bench.synthetic;

import java.util.SplittableRandom;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskKilled;

/** The end reasons of the few tasks that do not succeed: a handful of exceptions and kills. */
final class TaskFailures {

  private static final String[][] EXCEPTIONS = {
    {"java.io.IOException", "Connection reset by peer"},
    {"org.apache.spark.shuffle.FetchFailedException", "Failed to connect to worker-7:7337"},
    {"java.lang.NullPointerException", "Cannot invoke \"String.length()\" because \"s\" is null"},
    {"org.apache.spark.SparkException", "Python worker exited unexpectedly (crashed)"},
  };

  private final SplittableRandom random;

  TaskFailures(SplittableRandom random) {
    this.random = random;
  }

  TaskEndReason next() {
    if (random.nextInt(4) == 0) {
      return new TaskKilled(
          "another attempt succeeded", Scala.emptySeq(), Scala.emptySeq(), Scala.emptySeq());
    }
    String[] e = EXCEPTIONS[random.nextInt(EXCEPTIONS.length)];
    StackTraceElement[] trace = {
      new StackTraceElement("com.example.Pipeline", "transform", "Pipeline.scala", 212),
      new StackTraceElement("org.apache.spark.rdd.RDD", "iterator", "RDD.scala", 329),
    };
    return new ExceptionFailure(
        e[0],
        e[1],
        trace,
        e[0] + ": " + e[1] + "\n\tat com.example.Pipeline.transform(Pipeline.scala:212)",
        Scala.none(),
        Scala.emptySeq(),
        Scala.emptySeq(),
        Scala.emptySeq());
  }
}
