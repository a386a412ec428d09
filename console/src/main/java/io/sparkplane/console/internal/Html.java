package io.sparkplane.console.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Builds HTML text. Every piece of data goes through {@link #text} or {@link #attr}, which escape
 * it; only markup written in this module's code is appended raw. Internal.
 *
 * <pre>{@code
 * Html h = new Html();
 * h.raw("<td class=\"run\">").text(run.runId()).raw("</td>");
 * }</pre>
 */
public final class Html {

  private final StringBuilder out = new StringBuilder(8192);

  /** Appends markup written by this module. Never pass data here. */
  public Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends text content, escaped. {@code null} appends nothing. */
  public Html text(@Nullable Object value) {
    if (value != null) {
      out.append(escape(String.valueOf(value)));
    }
    return this;
  }

  /** Appends {@code  name="value"} with the value escaped for a double-quoted attribute. */
  public Html attr(String name, @Nullable Object value) {
    if (value != null) {
      out.append(' ').append(name).append("=\"").append(escape(String.valueOf(value))).append('"');
    }
    return this;
  }

  /** {@code <tag attrs>text</tag>}, the text escaped. */
  public Html element(String tag, @Nullable Object text) {
    return raw("<" + tag + ">").text(text).raw("</" + tag + ">");
  }

  /** A link with escaped href and text. */
  public Html link(String href, @Nullable Object text) {
    return raw("<a").attr("href", href).raw(">").text(text).raw("</a>");
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * Escapes the five characters that matter in HTML text and quoted attributes. Control characters
   * other than tab, line feed and carriage return are dropped: they are not valid in HTML.
   */
  public static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? "" : null;
          };
      if (rep != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(rep);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** Encodes one URL path segment or query value. */
  public static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
