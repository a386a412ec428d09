package io.sparkplane.grafana;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the dashboard checks: which metric names an expression selects,
 * which counter selectors are not inside {@code rate}/{@code increase}/{@code irate}, and which
 * range windows rates use. Not a parser: it relies on the dashboards' plain style (no nested
 * brackets in label matchers, no subqueries).
 */
final class PromQl {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+\\S+");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring", "group_left",
          "group_right", "offset", "inf", "nan", "Inf", "NaN");
  private static final Pattern COUNTER = Pattern.compile("(?<![\\w:])([a-zA-Z_:][\\w:]*_(?:total|bucket|count|sum))\\b");
  private static final Pattern RATED_BEFORE = Pattern.compile("\\b(rate|increase|irate)\\s*\\(\\s*$");
  private static final Pattern RANGE_AFTER = Pattern.compile("^\\s*(\\{[^}]*})?\\s*\\[");
  private static final Pattern RATE_WINDOW =
      Pattern.compile("\\b(rate|irate|increase)\\s*\\(\\s*[a-zA-Z_:][\\w:]*\\s*(?:\\{[^}]*})?\\s*\\[([^]]*)]");

  private PromQl() {}

  /** Metric (and recording-rule) names the expression selects. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll("{}");
    s = RANGE.matcher(s).replaceAll("[]");
    s = OFFSET.matcher(s).replaceAll(" ");
    s = LABEL_LIST.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group(1);
      if (!KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Counter-like series ({@code _total}, {@code _bucket}, {@code _count}, {@code _sum}) selected raw. */
  static List<String> unratedCounters(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    List<String> unrated = new ArrayList<>();
    Matcher m = COUNTER.matcher(s);
    while (m.find()) {
      boolean ratedBefore = RATED_BEFORE.matcher(s.substring(0, m.start())).find();
      boolean rangeAfter = RANGE_AFTER.matcher(s.substring(m.end())).find();
      if (!ratedBefore || !rangeAfter) {
        unrated.add(m.group(1));
      }
    }
    return unrated;
  }

  /** Each {@code rate}/{@code irate}/{@code increase} call's function and range window. */
  static List<String[]> rateWindows(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    List<String[]> windows = new ArrayList<>();
    Matcher m = RATE_WINDOW.matcher(s);
    while (m.find()) {
      windows.add(new String[] {m.group(1), m.group(2).trim()});
    }
    return windows;
  }

  /** Dashboard variables ({@code $name} or {@code ${name}}) the expression uses, Grafana's own excluded. */
  static Set<String> variables(String expr) {
    Set<String> vars = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\$\\{?([a-zA-Z_]\\w*)").matcher(expr);
    while (m.find()) {
      if (!m.group(1).startsWith("__")) {
        vars.add(m.group(1));
      }
    }
    return vars;
  }
}
