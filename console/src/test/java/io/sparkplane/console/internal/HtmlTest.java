package io.sparkplane.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  @DisplayName("text and attribute values are escaped so data can never open a tag or leave an attribute")
  void escapes() {
    String html = new Html().raw("<a").attr("title", "\"><script>x</script>").raw(">").text("<b>&'").raw("</a>").toString();
    assertThat(html).isEqualTo("<a title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;&amp;&#39;</a>");
  }

  @Test
  @DisplayName("for any input, escaped text contains no markup characters and no control characters")
  void escapeProperty() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = random.nextInt(40); j > 0; j--) {
        s.append((char) random.nextInt(0x80));
      }
      String escaped = Html.escape(s.toString());
      assertThat(escaped).doesNotContain("<", ">", "\"", "'");
      assertThat(escaped.replaceAll("&(amp|lt|gt|quot|#39);", "")).doesNotContain("&");
      assertThat(escaped.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')).isEmpty();
    }
  }

  @Test
  @DisplayName("plain text is returned as is")
  void plain() {
    String s = "stage 3 (join at Segments.scala:40)";
    assertThat(Html.escape(s)).isSameAs(s);
  }
}
