package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Errors in the query or in user functions: analysis errors, UDF exceptions, bad data under ANSI mode. */
public final class UserCodeDetector implements Detector {

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.USER_CODE_ERROR,
              "AnalysisException|\\[UNRESOLVED_|\\[TABLE_OR_VIEW_NOT_FOUND|\\[DATATYPE_MISMATCH|PARSE_SYNTAX_ERROR|ParseException",
              0.9,
              "Query does not analyze"),
          Signature.of(
              TriageClass.USER_CODE_ERROR,
              "\\[FAILED_EXECUTE_UDF|\\[USER_RAISED_EXCEPTION|\\[DIVIDE_BY_ZERO|\\[CAST_INVALID_INPUT|\\[ARITHMETIC_OVERFLOW|\\[INVALID_ARRAY_INDEX|\\[NUMERIC_VALUE_OUT_OF_RANGE",
              0.85,
              "User code or data error"),
          Signature.of(
              TriageClass.USER_CODE_ERROR,
              "NullPointerException|NumberFormatException|IllegalArgumentException|IllegalStateException|ClassCastException|IndexOutOfBoundsException|ArithmeticException|scala\\.MatchError|UnsupportedOperationException",
              0.75,
              "Exception in user code"));

  @Override
  public List<Finding> detect(RunFacts run) {
    return Signature.first(run, SIGNATURES, false).stream().toList();
  }
}
