package io.sparkplane.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

  @Test
  @DisplayName("No Authorization header means no token; a bearer header yields its token")
  void reads() {
    assertThat(BearerToken.from(null)).isNull();
    assertThat(BearerToken.from("Bearer abc.def")).isEqualTo("abc.def");
    assertThat(BearerToken.from("bearer   abc ")).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Basic Zm9vOmJhcg==", "Bearer", "Bearer   ", "Bearerabc"})
  @DisplayName("Any other Authorization header is a 401")
  void refuses(String header) {
    assertThatThrownBy(() -> BearerToken.from(header))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }
}
