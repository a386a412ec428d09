package io.sparkplane.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TenantTokens")
class TenantTokensTest {

  private static TenantTokens parse(String yaml) throws Exception {
    return TenantTokens.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "tenants.yaml");
  }

  @Test
  @DisplayName("A generated token is long, URL-safe, unique, and its hash is what the file stores")
  void generate() {
    GeneratedToken a = TenantTokens.generate();
    GeneratedToken b = TenantTokens.generate();

    assertThat(a.token()).startsWith("spk_").hasSizeGreaterThanOrEqualTo(4 + 43).matches("[A-Za-z0-9_-]+");
    assertThat(a.token()).isNotEqualTo(b.token());
    assertThat(a.hash()).isEqualTo(TokenHasher.hash(a.token())).matches("sha256:[0-9a-f]{64}");
    assertThat(a.toString()).doesNotContain(a.token());
  }

  @Test
  @DisplayName("SHA-256 hashes match the published test vector")
  void knownHash() {
    assertThat(TokenHasher.hash("test"))
        .isEqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  @Test
  @DisplayName("Tenant tokens scope to their tenant, operators to all, revoked and unknown tokens to nothing")
  void scopes() throws Exception {
    GeneratedToken acme = TenantTokens.generate();
    GeneratedToken old = TenantTokens.generate();
    GeneratedToken op = TenantTokens.generate();
    TenantTokens tokens =
        parse(
            """
            tenants:
              acme: [%s, %s]
            operators: [%s]
            revoked: [%s]
            """
                .formatted(acme.hash(), old.hash(), op.hash(), old.hash().toUpperCase()));

    assertThat(tokens.scopeOf(acme.token())).contains(TenantScope.of("acme"));
    assertThat(tokens.scopeOf(op.token())).contains(TenantScope.ALL);
    assertThat(tokens.scopeOf(old.token())).as("revoked").isEmpty();
    assertThat(tokens.scopeOf("spk_guess")).isEmpty();
    assertThat(tokens.scopeOf(null)).isEmpty();
    assertThat(tokens.scopeOf(acme.hash())).as("the hash itself is not a token").isEmpty();
    assertThat(tokens.tenantCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("A plain token in the file is refused, naming where it is")
  void plainTokenRefused() {
    assertThatThrownBy(() -> parse("tenants:\n  acme: [spk_plaintext]\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenants.acme[0]")
        .hasMessageContaining("never the token");
  }

  @Test
  @DisplayName("A hash given to two tenants, an empty tenant and an unknown section are refused")
  void invalidFiles() {
    String hash = TenantTokens.generate().hash();
    assertThatThrownBy(() -> parse("tenants:\n  a: [%s]\n  b: [%s]\n".formatted(hash, hash)))
        .hasMessageContaining("tenants.b[0] repeats the token hash of tenants.yaml: tenants.a[0]");
    assertThatThrownBy(() -> parse("tenants:\n  a: []\n")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> parse("tenant:\n  a: [%s]\n".formatted(hash)))
        .hasMessageContaining("not a valid tenants file");
    assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
  }

  @Test
  @DisplayName("A misshapen or unreadable file is refused by place and kind, never quoting the text (it may hold a plain token)")
  void problemsNamePlaceNotContent() {
    assertThatThrownBy(() -> parse("tenants:\n  acme: spk_secret\n"))
        .hasMessage("tenants.yaml: not a valid tenants file: tenants.acme at line 2, column 9 must be a list of token hashes");
    assertThatThrownBy(() -> parse("spk_secret: [a]\n"))
        .hasMessageStartingWith("tenants.yaml: not a valid tenants file: unknown key at line")
        .hasMessageNotContaining("spk_secret");
    assertThatThrownBy(() -> parse("tenants:\n  acme: [\"spk_secret\"\n"))
        .hasMessageStartingWith("tenants.yaml: not a valid tenants file: not valid YAML at line")
        .hasMessageNotContaining("spk_secret");
  }
}
