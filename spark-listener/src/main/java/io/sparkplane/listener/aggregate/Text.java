package io.sparkplane.listener.aggregate;

/** Bounds strings that come from user code or Spark before they go into a summary. */
final class Text {

  static final int MAX_MESSAGE = 2000;
  static final int MAX_SHORT = 300;

  private Text() {}

  static String truncate(String s, int max) {
    if (s == null) {
      return null;
    }
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  static String firstLine(String s) {
    if (s == null) {
      return null;
    }
    int nl = s.indexOf('\n');
    return truncate(nl < 0 ? s : s.substring(0, nl), MAX_SHORT);
  }
}
