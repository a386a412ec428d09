package io.sparkplane.collector.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tenants file: which token hash acts for which tenant, which are operators, which are revoked.
 * Tokens are kept only as {@link TokenHasher} hashes.
 *
 * <pre>{@code
 * # tenants.yaml
 * tenants:
 *   acme:   [ "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ]
 *   globex: [ "sha256:..." , "sha256:..." ]   # several tokens per tenant, e.g. during rotation
 * operators: [ "sha256:..." ]                 # read every tenant's runs
 * revoked:   [ "sha256:..." ]                 # refused with 401 wherever else they are listed
 * }</pre>
 *
 * <pre>{@code
 * TenantAuthenticator auth = TenantTokens.load(Path.of("tenants.yaml")).authenticator();
 * }</pre>
 */
public final class TenantTokens {

  private static final int TOKEN_BYTES = 32;
  private static final String TOKEN_PREFIX = "spk_";
  private static final int MAX_TENANT_LENGTH = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Map<String, TenantScope> scopeByHash;
  private final Set<String> revoked;

  private TenantTokens(Map<String, TenantScope> scopeByHash, Set<String> revoked) {
    this.scopeByHash = Map.copyOf(scopeByHash);
    this.revoked = Set.copyOf(revoked);
  }

  /**
   * Reads a tenants file.
   *
   * @throws IllegalArgumentException naming the offending entry if the file is not valid
   * @throws IOException if it cannot be read
   */
  public static TenantTokens load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /** Reads a tenants file's content; {@code source} names it in error messages. */
  public static TenantTokens parse(InputStream yaml, String source) throws IOException {
    byte[] bytes = yaml.readAllBytes();
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      throw new IllegalArgumentException(source + ": tenants file is empty");
    }
    FileContent content;
    try {
      content = YAML.readValue(bytes, FileContent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not a valid tenants file: " + TenantsFileProblem.describe(e), e);
    } catch (IndexOutOfBoundsException e) {
      // SnakeYAML's reader fails this way on a character outside the BMP across its 1024-char buffer
      throw new IllegalArgumentException(
          source + ": not a valid tenants file: the YAML parser cannot read a character outside the BMP", e);
    }
    if (content == null) {
      throw new IllegalArgumentException(source + ": tenants file is empty");
    }
    return fromContent(content, source);
  }

  /** A new random token (256 bits, URL-safe) and its hash for the tenants file. */
  public static GeneratedToken generate() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new GeneratedToken(token, TokenHasher.hash(token));
  }

  /** Admits only listed, unrevoked tokens; requests without one get 401. */
  public TenantAuthenticator authenticator() {
    return this::scopeOf;
  }

  /** The scope of {@code token}, or empty if it is missing, unknown or revoked. */
  public Optional<TenantScope> scopeOf(@Nullable String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String hash = TokenHasher.hash(token);
    if (revoked.contains(hash)) {
      return Optional.empty();
    }
    return Optional.ofNullable(scopeByHash.get(hash));
  }

  /** Number of tenants with at least one token. */
  public int tenantCount() {
    return (int) scopeByHash.values().stream().filter(s -> !s.isAll()).map(TenantScope::tenant).distinct().count();
  }

  private static TenantTokens fromContent(FileContent content, String source) {
    Map<String, TenantScope> scopes = new HashMap<>();
    Map<String, String> ownerOfHash = new HashMap<>();
    content
        .tenants()
        .forEach(
            (tenant, hashes) -> {
              String where = source + ": tenants." + tenant;
              if (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
                throw new IllegalArgumentException(
                    where + ": tenant names are 1 to " + MAX_TENANT_LENGTH + " characters");
              }
              if (hashes == null || hashes.isEmpty()) {
                throw new IllegalArgumentException(where + " must list at least one token hash");
              }
              for (int i = 0; i < hashes.size(); i++) {
                add(scopes, ownerOfHash, hashes.get(i), where + "[" + i + "]", TenantScope.of(tenant));
              }
            });
    List<String> operators = content.operators();
    for (int i = 0; i < operators.size(); i++) {
      add(scopes, ownerOfHash, operators.get(i), source + ": operators[" + i + "]", TenantScope.ALL);
    }
    Set<String> revoked = new HashSet<>();
    List<String> revokedList = content.revoked();
    for (int i = 0; i < revokedList.size(); i++) {
      revoked.add(TokenHasher.requireHash(revokedList.get(i), source + ": revoked[" + i + "]"));
    }
    return new TenantTokens(scopes, revoked);
  }

  private static void add(
      Map<String, TenantScope> scopes,
      Map<String, String> ownerOfHash,
      @Nullable String value,
      String where,
      TenantScope scope) {
    if (value == null) {
      throw new IllegalArgumentException(where + " must be a token hash");
    }
    String hash = TokenHasher.requireHash(value, where);
    String earlier = ownerOfHash.putIfAbsent(hash, where);
    if (earlier != null) {
      throw new IllegalArgumentException(where + " repeats the token hash of " + earlier);
    }
    scopes.put(hash, scope);
  }

  /** The file as written; absent sections are empty. */
  record FileContent(
      @JsonProperty("tenants") @Nullable Map<String, List<String>> tenants,
      @JsonProperty("operators") @Nullable List<String> operators,
      @JsonProperty("revoked") @Nullable List<String> revoked) {

    FileContent {
      tenants = tenants == null ? Map.of() : new LinkedHashMap<>(tenants);
      operators = operators == null ? List.of() : operators;
      revoked = revoked == null ? List.of() : revoked;
    }

    @Override
    public Map<String, List<String>> tenants() {
      return tenants == null ? Map.of() : tenants;
    }

    @Override
    public List<String> operators() {
      return operators == null ? List.of() : operators;
    }

    @Override
    public List<String> revoked() {
      return revoked == null ? List.of() : revoked;
    }
  }
}
