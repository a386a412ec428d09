package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsException;
import io.sparkplane.server.config.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with {@code server.tls.keystore}: a self-signed certificate made by the JDK's keytool
 * for this test, clients that trust it (and one that does not), and the CLI's trust options.
 */
@DisplayName("The server over HTTPS")
class HttpsServerIT {

  private static final String PASSWORD = "changeit-" + ProcessHandle.current().pid();

  @TempDir static Path dir;
  private static Path keystore;
  private static Path truststore;
  private static ControlPlane plane;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    keystore = dir.resolve("server.p12");
    truststore = dir.resolve("trust.p12");
    Path cert = dir.resolve("server.crt");
    keytool("-genkeypair", "-alias", "sparkplane", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD);
    keytool("-exportcert", "-alias", "sparkplane", "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-rfc", "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "sparkplane", "-file", cert.toString(),
        "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
    ServerSettings settings =
        SettingsLoader.load(
            null,
            Map.of(
                "SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString(),
                "SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", PASSWORD));
    plane = ControlPlane.create(Overrides.apply(settings, "127.0.0.1", 0, dir.resolve("data")));
    port = plane.start();
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static SSLContext trusting(Path store) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(KeyStore.getInstance(store.toFile(), PASSWORD.toCharArray()));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("answers a client that trusts its certificate, and says so in the plane's scheme")
  void trustedClient() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(truststore)).build();
    HttpResponse<String> runs = get(client, "https://localhost:" + port + "/api/v1/runs");
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("\"runs\"");
    assertThat(get(client, "https://127.0.0.1:" + port + "/health/live").statusCode()).isEqualTo(200);
    assertThat(plane.scheme()).isEqualTo("https");
    assertThat(plane.parts()).contains("https");
  }

  @Test
  @DisplayName("marks the console's token cookie Secure (console.secureCookie follows server.tls)")
  void secureConsoleCookie() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(truststore)).build();
    HttpResponse<String> page = get(client, "https://localhost:" + port + "/ui/runs?token=operator-token");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().allValues("set-cookie"))
        .anySatisfy(cookie -> assertThat(cookie).startsWith("sparkplane_token=operator-token;").contains("; Secure"));
  }

  @Test
  @DisplayName("refuses a client that does not trust it, and does not speak plain HTTP on the port")
  void untrustedAndPlain() throws Exception {
    HttpClient defaults = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    assertThatThrownBy(() -> get(defaults, "https://localhost:" + port + "/api/v1/runs"))
        .isInstanceOf(SSLHandshakeException.class);
    int plain;
    try {
      plain = get(defaults, "http://127.0.0.1:" + port + "/api/v1/runs").statusCode();
    } catch (Exception e) {
      plain = -1; // the TLS port closes the connection
    }
    assertThat(plain).as("a plain HTTP request on the TLS port is not served").isNotEqualTo(200);
  }

  @Test
  @DisplayName("the CLI reaches it with --truststore or --insecure, and exits 1 without either")
  void cli() {
    String url = "https://localhost:" + port;
    Result trusted = cli("runs", "--url", url, "--truststore", truststore.toString(), "--truststore-password", PASSWORD);
    assertThat(trusted.exit()).as(trusted.err()).isZero();
    Result insecure = cli("model", "--url", "https://127.0.0.1:" + port, "--insecure", "status");
    assertThat(insecure.exit()).as(insecure.err()).isZero();
    assertThat(insecure.out()).contains("\"serving\"");
    Result untrusted = cli("runs", "--url", url);
    assertThat(untrusted.exit()).isEqualTo(1);
    assertThat(untrusted.err()).contains("cannot reach");
    assertThat(cli("runs", "--url", url, "--insecure", "--truststore", truststore.toString()).exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("a wrong keystore password stops start-up with an error naming the setting")
  void wrongPassword() {
    ServerSettings settings =
        SettingsLoader.load(
            null,
            Map.of(
                "SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString(),
                "SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", "wrong"));
    assertThatThrownBy(() -> ControlPlane.create(Overrides.apply(settings, "127.0.0.1", 0, dir.resolve("other"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("server.tls.keystorePassword: does not open");
  }

  private record Result(int exit, String out, String err) {}

  private static synchronized Result cli(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      var cmd = SparkplaneCli.commandLine();
      cmd.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
      int exit = cmd.execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }
}
