package io.sparkplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleLinksTest {

  @Test
  @DisplayName("run links are absolute, keep a path prefix, and encode run id and tenant")
  void runLinks() {
    ConsoleLinks links = ConsoleLinks.of("https://sp.example.com/spark/");
    assertThat(links.run("acme", "app-1")).isEqualTo("https://sp.example.com/spark/ui/runs/app-1?tenant=acme");
    assertThat(links.run("a&b", "run 1/2")).isEqualTo("https://sp.example.com/spark/ui/runs/run%201%2F2?tenant=a%26b");
    assertThat(links.run("app-1")).isEqualTo("https://sp.example.com/spark/ui/runs/app-1");
    assertThat(links.alerts()).isEqualTo("https://sp.example.com/spark/ui/alerts");
    assertThat(links.runs()).isEqualTo("https://sp.example.com/spark/ui/runs");
  }

  @Test
  @DisplayName("a base that is not an http(s) URL with a host is refused, naming baseUrl")
  void badBase() {
    assertThatThrownBy(() -> ConsoleLinks.of("sp.example.com")).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> ConsoleLinks.of("ftp://sp.example.com")).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> ConsoleLinks.of("http://sp.example.com/?x=1")).hasMessageContaining("baseUrl");
  }
}
