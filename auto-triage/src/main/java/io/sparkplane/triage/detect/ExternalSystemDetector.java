package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Timeouts and errors of JDBC, warehouses and other services a job reads or writes (never shuffle fetches, whose texts mention refused connections too). */
public final class ExternalSystemDetector implements Detector {

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.EXTERNAL_SYSTEM,
              "SQLTimeoutException|SQLTransient\\w*Exception|SQLRecoverableException|SQLNonTransientConnectionException|Communications link failure|JdbcSQL\\w*Exception|PSQLException|SnowflakeSQLException|java\\.sql\\.SQLException",
              0.92,
              "External system (JDBC/warehouse) error"),
          Signature.of(
              TriageClass.EXTERNAL_SYSTEM,
              "java\\.net\\.ConnectException|Connection refused|SocketTimeoutException|Read timed out|connect timed out|HttpTimeoutException|HttpConnectTimeoutException|UnknownHostException|NoRouteToHostException|Connection reset",
              0.9,
              "External system unreachable or timed out"));

  @Override
  public List<Finding> detect(RunFacts run) {
    return Signature.first(run, SIGNATURES, true).stream().toList();
  }
}
