package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.server.ControlPlane;
import io.sparkplane.server.config.SettingsLoader;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pager (a webhook notifier) rate-limiting and down while tenants' failure bursts fire, against
 * the control plane as the product composes it ({@link ControlPlane} from {@code sparkplane.yaml}
 * with triage and alerting on). The receiver is a loopback JDK {@link HttpServer} that first answers
 * 429 with {@code Retry-After}, then is stopped (connection refused) and started again on the same
 * port, then stopped for longer than the notifier's retry budget. Evaluation must go on throughout,
 * the pauses between attempts must honour {@code Retry-After}, each alert key must be paged exactly
 * once (the page given up during the long outage is sent again once the pager is back), and what
 * was given up must show in {@code sparkplane_alert_notify_failures_total}.
 */
@DisplayName("Notifier rate-limiting (429) or down while alerts fire")
class NotifierOutageIT {

  private static final String ACME = "failure-burst:tenant=acme";
  private static final String GLOBEX = "failure-burst:tenant=globex";
  private static final String INITECH = "failure-burst:tenant=initech";
  /** Retry budget of the pager below: backoff 200 ms doubling to 1 s over 8 attempts, ≈ 5.4 s ± 20% of sleeps. */
  private static final String DELIVERY = "{maxAttempts: 8, initialBackoff: 200ms, maxBackoff: 1s, timeout: 2s}";
  private static final Duration SHORT_OUTAGE = Duration.ofSeconds(2);
  /** The pager's {@code Retry-After} on a 429, in seconds; equal to maxBackoff above, so it is the pause. */
  private static final int RETRY_AFTER_S = 1;

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("keeps evaluating while the pager fails, honours Retry-After, pages each alert key exactly once after recovery, and counts what it gave up")
  void notifierOutage() throws Exception {
    int port = ControlPlaneProcess.freePort();
    Receiver pager = new Receiver(port);
    pager.start(true); // 429 with Retry-After to everything
    Path alerting = dir.resolve("alerting.yaml");
    Files.writeString(
        alerting,
        """
        rules:
          failureBurst: {threshold: 5, window: 10m, scopes: [tenant]}
          successRateSlo: {enabled: false}
          slaDeadline: {enabled: false}
          runtimeDrift: {enabled: false}
        routing: {groupWait: 0s, evaluationInterval: 200ms}
        notifiers:
          - type: webhook
            name: pager
            url: http://127.0.0.1:%d/hook
            delivery: %s
        """
            .formatted(port, DELIVERY));
    Path config = dir.resolve("sparkplane.yaml");
    Files.writeString(
        config,
        """
        server: {host: 127.0.0.1, port: 0, dataDir: "%s"}
        alerting: {enabled: true, config: "%s"}
        estimator: {enabled: false}
        """
            .formatted(dir.resolve("data"), alerting));
    try (ControlPlane plane = ControlPlane.create(SettingsLoader.load(config, Map.of()))) {
      IngestClient client = new IngestClient(plane.start(), Duration.ofSeconds(30));
      double failuresAtStart = notifyFailures(client);

      // 1. the pager answers 429: the first alert fires, its page is retried with backoff
      long burstAcme = System.nanoTime();
      sendBurst(client, "acme", 5);
      await("acme's alert firing in the API", () -> firing(client).contains(ACME));
      Duration acmeFiredAfter = Duration.ofNanos(System.nanoTime() - burstAcme);
      await("acme's page refused twice", () -> pager.answered(ACME, 429) >= 2);
      Thread.sleep(Math.max(0, SHORT_OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - burstAcme).toMillis()));
      long recovered = System.nanoTime();
      pager.rateLimit(false);
      await("acme's page accepted", () -> pager.answered(ACME, 200) >= 1);
      Duration acmeDeliveredAfterRecovery = Duration.ofNanos(System.nanoTime() - recovered);
      int acme429 = pager.answered(ACME, 429);
      List<Long> gapsMs = pager.gapsMs(ACME);

      // 2. the pager is down (connection refused): a second tenant's burst still fires
      pager.stop();
      long down = System.nanoTime();
      sendBurst(client, "globex", 5);
      await("globex's alert firing while the pager is down", () -> firing(client).contains(GLOBEX));
      Duration globexFiredAfter = Duration.ofNanos(System.nanoTime() - down);
      Thread.sleep(Math.max(0, SHORT_OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - down).toMillis()));
      pager.start(false);
      long up = System.nanoTime();
      await("globex's page accepted", () -> pager.answered(GLOBEX, 200) >= 1);
      Duration globexDeliveredAfterRecovery = Duration.ofNanos(System.nanoTime() - up);

      // 3. down for longer than the retry budget: the page is given up and counted
      pager.stop();
      long longDown = System.nanoTime();
      sendBurst(client, "initech", 5);
      await("initech's alert firing while the pager is down", () -> firing(client).contains(INITECH));
      await("the given-up page counted in sparkplane_alert_notify_failures_total", () -> notifyFailures(client) > failuresAtStart);
      Duration gaveUpAfter = Duration.ofNanos(System.nanoTime() - longDown);
      double failuresAfter = notifyFailures(client);
      pager.start(false);
      long backUp = System.nanoTime();
      await("initech's given-up page sent once the pager is back", () -> pager.answered(INITECH, 200) >= 1);
      Duration initechDeliveredAfterRecovery = Duration.ofNanos(System.nanoTime() - backUp);

      // 4. more failures and evaluations after recovery: counts update, no page is sent again
      sendBurst(client, "acme", 1);
      sendBurst(client, "globex", 1);
      sendBurst(client, "initech", 1);
      await("acme's alert counting its 6th failure", () -> alertCount(client, ACME) == 6);
      Thread.sleep(3_000); // 15 evaluation intervals
      List<String> stillFiring = firing(client);

      Map<String, Long> pages = pager.acceptedPerKey();
      assertThat(stillFiring).as("alerts firing at the end").contains(ACME, GLOBEX, INITECH);
      assertThat(acme429).as("429 answers to acme's page before it was accepted").isGreaterThanOrEqualTo(2);
      assertThat(gapsMs).as("pauses between acme's attempts").hasSizeGreaterThanOrEqualTo(2);
      assertThat(gapsMs)
          .as("pauses between acme's attempts honour Retry-After: %d (backoff alone starts at 200 ms)", RETRY_AFTER_S)
          .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(RETRY_AFTER_S * 1000L - 50));
      assertThat(pages.get(ACME)).as("pages accepted for %s", ACME).isEqualTo(1);
      assertThat(pages.get(GLOBEX)).as("pages accepted for %s", GLOBEX).isEqualTo(1);
      assertThat(pages.get(INITECH)).as("pages accepted for %s (given up during the outage, sent after it)", INITECH).isEqualTo(1);
      assertThat(pager.accepted()).as("every accepted POST is a firing page").allMatch(p -> p.kind().equals("firing"));
      assertThat(failuresAfter - failuresAtStart).as("notifications given up").isEqualTo(1.0);
      assertThat(metric(client, "sparkplane_alert_notifications_total", "kind=\"firing\""))
          .as("firing notifications accepted, per the collector's metric")
          .isEqualTo(pages.values().stream().mapToLong(Long::longValue).sum());
      Reports.write(
          "notifier-outage.txt",
          String.format(
              "webhook pager, delivery %s; acme burst fired in %d ms while the pager answered 429 (Retry-After: %d):"
                  + " %d attempts refused, pauses %s ms, accepted %d ms after the pager recovered; pager down"
                  + " (connection refused) %d s: globex burst fired in %d ms, paged %d ms after the pager came back;"
                  + " pager down beyond the retry budget: initech fired, page given up after %d ms"
                  + " (sparkplane_alert_notify_failures_total{reason=\"error\"} +%.0f), sent again and accepted %d ms"
                  + " after the pager came back, pages for initech after recovery: %d;"
                  + " pages per key after 1 more failure per tenant and 3 s of evaluations: %s; POSTs received %d%n",
              DELIVERY, acmeFiredAfter.toMillis(), RETRY_AFTER_S, acme429, gapsMs, acmeDeliveredAfterRecovery.toMillis(),
              SHORT_OUTAGE.toSeconds(), globexFiredAfter.toMillis(), globexDeliveredAfterRecovery.toMillis(),
              gaveUpAfter.toMillis(), failuresAfter - failuresAtStart, initechDeliveredAfterRecovery.toMillis(),
              pages.getOrDefault(INITECH, 0L), pages,
              pager.posts.size()));
    } finally {
      pager.stop();
    }
  }

  private static int runs;

  /** {@code n} failed runs of {@code tenant}, ended a few seconds ago, in one request. */
  private static void sendBurst(IngestClient client, String tenant, int n) throws Exception {
    long submit = System.currentTimeMillis() - 5_000;
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String runId = tenant + "-failed-" + (++runs);
      for (TelemetryEvent e : SyntheticRuns.run(runId, "etl", submit, 0, RunStatus.FAILED)) {
        ObjectNode json = TelemetryJson.mapper().valueToTree(e);
        ((ObjectNode) json.get("run")).put("tenant", tenant);
        events.add(TelemetryJson.mapper().treeToValue(json, TelemetryEvent.class));
      }
    }
    IngestClient.Answer a = client.send(events);
    assertThat(a.status()).as("ingest of %s's burst: %s", tenant, a.body()).isEqualTo(200);
  }

  private static List<String> firing(IngestClient client) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode alert : client.json("/api/v1/alerts?state=active").path("active")) {
      if (alert.path("state").asText().equals("firing")) {
        ids.add(alert.path("id").asText());
      }
    }
    return ids;
  }

  private static long alertCount(IngestClient client, String id) throws Exception {
    for (JsonNode alert : client.json("/api/v1/alerts?state=active").path("active")) {
      if (alert.path("id").asText().equals(id)) {
        return alert.path("count").asLong();
      }
    }
    return -1;
  }

  private static double notifyFailures(IngestClient client) throws Exception {
    return metric(client, "sparkplane_alert_notify_failures_total", "reason=\"error\"");
  }

  /** Sum of the pager's samples of a counter whose labels contain {@code label}. */
  private static double metric(IngestClient client, String name, String label) throws Exception {
    String text = client.get("/metrics").body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("notifier=\"pager\"") && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** One POST the pager received: the alert key, the notification kind, what it answered, when. */
  record Post(String key, String kind, int status, long nanos) {}

  /** A webhook receiver on a fixed loopback port that can answer 429, be stopped and be started again. */
  private static final class Receiver {
    final int port;
    final List<Post> posts = new CopyOnWriteArrayList<>();
    private volatile boolean rateLimited;
    private HttpServer server;

    Receiver(int port) {
      this.port = port;
    }

    synchronized void start(boolean rateLimit) {
      rateLimited = rateLimit;
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind the pager to port " + port, e);
      }
      server.createContext("/hook", this::handle);
      server.start();
    }

    synchronized void stop() {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }

    void rateLimit(boolean on) {
      rateLimited = on;
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        JsonNode body = TelemetryJson.mapper().readTree(exchange.getRequestBody().readAllBytes());
        int status = rateLimited ? 429 : 200;
        posts.add(new Post(body.path("alert").path("id").asText(), body.path("kind").asText(), status, System.nanoTime()));
        if (status == 429) {
          exchange.getResponseHeaders().add("Retry-After", String.valueOf(RETRY_AFTER_S));
        }
        byte[] answer = (status == 429 ? "{\"error\":\"rate limited\"}" : "{}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
      }
    }

    int answered(String key, int status) {
      return (int) posts.stream().filter(p -> p.key().equals(key) && p.status() == status).count();
    }

    List<Post> accepted() {
      return posts.stream().filter(p -> p.status() == 200).toList();
    }

    Map<String, Long> acceptedPerKey() {
      return accepted().stream().collect(Collectors.groupingBy(Post::key, Collectors.counting()));
    }

    /** Pauses between consecutive attempts at {@code key}'s page, in ms. */
    List<Long> gapsMs(String key) {
      List<Long> times = posts.stream().filter(p -> p.key().equals(key)).map(Post::nanos).toList();
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < times.size(); i++) {
        gaps.add(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
      }
      return gaps;
    }
  }
}
