package io.sparkplane.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCursorTest {

  @Test
  @DisplayName("A cursor survives encoding, whatever characters its tenant and run id contain")
  void roundTrip() {
    RunCursor cursor = new RunCursor(1_750_000_000_000L, "run\n\"1\"/ü", "ten|ant\n");

    String token = cursor.encode();

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(RunCursor.decode(token)).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage!", "bm90IGpzb24", "WzIsMSwiYSIsImIiXQ", "WzEsImEiLCJiIiwiYyJd"})
  @DisplayName("Anything not made by encode() is refused")
  void refusesForeignTokens(String token) {
    assertThatThrownBy(() -> RunCursor.decode(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor");
  }

  @Test
  @DisplayName("The test tokens above really are base64 of wrong content")
  void testTokensAreWhatTheyClaim() {
    assertThat(new String(Base64.getUrlDecoder().decode("WzIsMSwiYSIsImIiXQ"))).isEqualTo("[2,1,\"a\",\"b\"]");
    assertThat(new String(Base64.getUrlDecoder().decode("WzEsImEiLCJiIiwiYyJd"))).isEqualTo("[1,\"a\",\"b\",\"c\"]");
  }
}
