package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Broadcast joins that timed out or were too large to build. */
public final class BroadcastFailureDetector implements Detector {

  /**
   * What the jobs of a query get when its broadcast fails: Spark cancels them with this reason, so
   * the run ends {@code CANCELLED} although nobody cancelled it (Spark 3.5/4.x {@code
   * BroadcastExchangeExec}).
   */
  public static final String CANCELLED_BY_BROADCAST = "The corresponding broadcast query has failed";

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.BROADCAST_FAILURE,
              "Could not execute broadcast in \\d+ secs",
              0.97,
              "Broadcast timed out (spark.sql.broadcastTimeout)"),
          Signature.of(
              TriageClass.BROADCAST_FAILURE,
              "Cannot broadcast the table (that is larger than|over \\d+ rows)",
              0.97,
              "Broadcast table too large"),
          Signature.of(
              TriageClass.BROADCAST_FAILURE,
              "Not enough memory to build and broadcast the table",
              0.96,
              "Broadcast table did not fit in driver memory"),
          Signature.of(
              TriageClass.BROADCAST_FAILURE,
              CANCELLED_BY_BROADCAST,
              0.93,
              "Spark cancelled the query's jobs because its broadcast failed (timeout or too large)"),
          Signature.of(
              TriageClass.BROADCAST_FAILURE,
              "spark\\.sql\\.broadcastTimeout|BroadcastExchangeExec.*(Timeout|timed out)",
              0.9,
              "Broadcast failed"));

  @Override
  public List<Finding> detect(RunFacts run) {
    return Signature.first(run, SIGNATURES, false).stream().toList();
  }
}
