package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A known error text of Spark (or of what Spark talks to) that identifies a class.
 *
 * @param description what the text means, used in the verdict's summary
 */
public record Signature(TriageClass triageClass, Pattern pattern, double confidence, String description) {

  private static final Pattern EXCEPTION_CLASS = Pattern.compile("[\\w.$]+(Exception|Error)");

  public static Signature of(TriageClass c, String regex, double confidence, String description) {
    return new Signature(c, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), confidence, description);
  }

  /** A finding with the matched line as evidence, if a line matches. */
  public Optional<Finding> match(RunFacts run, boolean skipFetchFailures) {
    Optional<ErrorLine> line = skipFetchFailures ? run.findOutsideFetchFailures(pattern) : run.find(pattern);
    return line.map(l -> finding(l));
  }

  Finding finding(ErrorLine line) {
    String where = line.stageId() != null ? " (stage " + line.stageId() + ")" : "";
    return new Finding(
        triageClass,
        confidence,
        description + where + ": " + excerpt(line.text(), pattern),
        List.of(Evidence.errorLine(line.source(), line.text(), line.stageId())));
  }

  /** The line from where {@code pattern} matches (a job failure's preamble says nothing), abbreviated. */
  static String excerpt(String text, Pattern pattern) {
    Matcher m = pattern.matcher(text);
    int from = m.find() ? m.start() : 0;
    from = text.lastIndexOf(' ', from) + 1; // whole words: "org.h2.jdbc.JdbcSQLTimeoutException", not "JdbcSQL..."
    // Keep the exception class in front of the matched words: "java.io.IOException: No space left"
    int colon = text.lastIndexOf(": ", from);
    if (colon > 0 && from - colon <= 2) {
      int tokenStart = text.lastIndexOf(' ', colon - 1) + 1;
      if (EXCEPTION_CLASS.matcher(text.substring(tokenStart, colon)).matches()) {
        from = tokenStart;
      }
    }
    return abbreviate(text.substring(from));
  }

  static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  /** The first matching signature of {@code signatures}, in order. */
  static Optional<Finding> first(RunFacts run, List<Signature> signatures, boolean skipFetchFailures) {
    for (Signature s : signatures) {
      Optional<Finding> f = s.match(run, skipFetchFailures);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }
}
