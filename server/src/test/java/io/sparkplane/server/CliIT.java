package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The operator command line against a running control plane")
class CliIT {

  @TempDir static Path dataDir;
  private static ControlPlane plane;
  private static String url;

  @BeforeAll
  static void start() {
    ServerSettings settings = SettingsLoader.load(null, Map.of());
    plane = ControlPlane.create(Overrides.apply(settings, "127.0.0.1", 0, dataDir));
    url = "http://127.0.0.1:" + plane.start();
  }

  @AfterAll
  static void stop() {
    plane.close();
  }

  private record Result(int exit, String out, String err) {}

  private static synchronized Result cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cmd = SparkplaneCli.commandLine();
      cmd.setErr(new java.io.PrintWriter(System.err, true));
      int exit = cmd.execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  @DisplayName("replays a real event log, then lists, shows and filters runs, alerts and models")
  void operatorCommands() {
    Path log = Path.of(System.getProperty("sparkplane.home", ".."), "examples", "eventlogs", "sparklint_event_log_1");
    Result replay = cli("replay", "--collector", url, "--tenant", "acme", log.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();

    Result runs = cli("runs", "--url", url, "--tenant", "acme");
    assertThat(runs.exit()).as(runs.err()).isZero();
    assertThat(runs.out()).contains("application_1472176676028_116806-1").contains("CANCELLED");
    assertThat(cli("runs", "--url", url, "--status", "SUCCEEDED").out())
        .doesNotContain("application_1472176676028_116806-1");

    Result run = cli("run", "--url", url, "application_1472176676028_116806-1");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Status CANCELLED").contains("98 tasks (1 failed)");

    Result alerts = cli("alerts", "--url", url, "--json");
    assertThat(alerts.exit()).as(alerts.err()).isZero();
    assertThat(alerts.out()).contains("active");

    Result model = cli("model", "--url", url, "status");
    assertThat(model.exit()).as(model.err()).isZero();
  }

  @Test
  @DisplayName("model promote exits 1 with the server's 409 when no challenger runs in shadow")
  void modelPromote() {
    Result none = cli("model", "--url", url, "promote");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("POST /api/v1/estimator/promote -> 409").contains("no challenger");
    assertThat(none.out()).isEmpty();
  }

  @Test
  @DisplayName("exits 1 when the server is unreachable and 2 on bad usage")
  void exitCodes() {
    Result down = cli("runs", "--url", "http://127.0.0.1:1");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("cannot reach");
    assertThat(cli("run", "--url", url, "no-such-run").exit()).isEqualTo(1);
    assertThat(cli("model", "--url", url, "promote-everything").exit()).isEqualTo(2);
    assertThat(cli("runs", "--limit", "many").exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("creates tenant and operator tokens stored only as hashes, and revokes them")
  void tenants() throws Exception {
    Path file = dataDir.resolve("tenants.yaml");
    Result add = cli("tenants", "add", "acme", "--file", file.toString());
    assertThat(add.exit()).as(add.err()).isZero();
    String token = add.out().trim();
    assertThat(token).startsWith("spk_");
    String yaml = Files.readString(file);
    assertThat(yaml).contains("acme").contains("sha256:").doesNotContain(token);
    assertThat(cli("tenants", "revoke", token, "--file", file.toString()).exit()).isZero();
    Result list = cli("tenants", "list", "--file", file.toString());
    assertThat(list.out()).contains("acme").contains("revoked: 1");
  }
}
