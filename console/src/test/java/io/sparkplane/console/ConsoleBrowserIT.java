package io.sparkplane.console;

import static io.sparkplane.console.testing.FleetRuns.ACME;
import static io.sparkplane.console.testing.FleetRuns.GLOBEX;
import static io.sparkplane.console.testing.FleetRuns.RETRY_RUN;
import static io.sparkplane.console.testing.FleetRuns.SKEWED_RUN;
import static io.sparkplane.console.testing.FleetRuns.SKEWED_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.alerting.AlertingExtension;
import io.sparkplane.alerting.config.AlertingConfig;
import io.sparkplane.console.testing.ConsoleServer;
import io.sparkplane.console.testing.FleetRuns;
import io.sparkplane.console.testing.HeadlessChromium;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

@DisplayName("The run console in headless Chromium, against a real collector with triage and alerting")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("sparkplane.console.screenshots", "target/screenshots"));

  private final long now = System.currentTimeMillis();
  private ConsoleServer server;
  private HeadlessChromium chromium;
  private WebDriver browser;

  @BeforeAll
  void start(@TempDir Path dataDir) throws Exception {
    server =
        new ConsoleServer(
            dataDir,
            List.of(new TriageExtension(TriageSettings.defaults()), new AlertingExtension(AlertingConfig.defaults())));
    server.ingest(new FleetRuns(now).events());
    ConsoleServer.await("the skewed run's triage verdict", () -> server.store().attachments(ACME, SKEWED_RUN).containsKey("triage"));
    server
        .store()
        .putAttachment(
            ACME,
            SKEWED_RUN,
            "retry",
            JSON.readTree(
                "{\"decision\":\"RETRY\",\"reason\":\"DATA_SKEW is retryable\",\"retryRunId\":\"" + RETRY_RUN + "\","
                    + "\"attempts\":[{\"attempt\":1,\"runId\":\"" + SKEWED_RUN + "\",\"status\":\"SUCCEEDED\",\"note\":\"missed SLA\"},"
                    + "{\"attempt\":2,\"runId\":\"" + RETRY_RUN + "\",\"status\":\"SUCCEEDED\","
                    + "\"settings\":{\"spark.sql.adaptive.skewJoin.enabled\":\"true\",\"sparkplane.salt.buckets\":\"16\"}}]}"));
    chromium = new HeadlessChromium();
    browser = chromium.driver();
    // the token as a query parameter sets the console's cookie for the following pages
    browser.get(server.url("/ui/runs?token=" + ConsoleServer.OPS_TOKEN));
  }

  @AfterAll
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private List<WebElement> runRows() {
    return browser.findElements(By.cssSelector("#runs tr.run"));
  }

  private List<String> attr(List<WebElement> elements, String name) {
    return elements.stream().map(e -> e.getAttribute(name)).toList();
  }

  @Test
  @DisplayName("the runs list shows every run of every tenant, newest first, with status and triage class")
  void runsList() throws Exception {
    browser.get(server.url("/ui/runs"));
    assertThat(browser.getTitle()).startsWith("Runs");
    List<WebElement> rows = runRows();
    assertThat(rows).hasSize(12);
    assertThat(attr(rows, "data-run-id")).startsWith("etl-110").contains(SKEWED_RUN, RETRY_RUN, "rep-300", "etl-100");
    WebElement skewed = browser.findElement(By.cssSelector("#runs tr.run[data-run-id='" + SKEWED_RUN + "']"));
    assertThat(skewed.findElement(By.cssSelector(".triage-class")).getText()).isEqualTo("DATA_SKEW");
    assertThat(browser.findElement(By.cssSelector("#runs tr.run[data-run-id='etl-110'] .status")).getText()).isEqualTo("RUNNING");
    chromium.screenshot(SCREENSHOTS.resolve("console-runs.png"));
  }

  @Test
  @DisplayName("choosing status FAILED in the filter form shows only the failed runs")
  void statusFilter() {
    browser.get(server.url("/ui/runs"));
    new Select(browser.findElement(By.id("f-status"))).selectByValue("FAILED");
    follow(browser.findElement(By.id("f-apply")));
    assertThat(browser.getCurrentUrl()).contains("status=FAILED");
    List<WebElement> rows = runRows();
    assertThat(rows).hasSize(FleetRuns.FAILED_REPORTS);
    assertThat(attr(rows, "data-status")).containsOnly("FAILED");
    assertThat(new Select(browser.findElement(By.id("f-status"))).getFirstSelectedOption().getText()).isEqualTo("FAILED");
  }

  @Test
  @DisplayName("tenant, workload and time-range filters narrow the list; a bad time names its field")
  void otherFilters() {
    browser.get(server.url("/ui/runs"));
    browser.findElement(By.id("f-workload")).sendKeys("segments");
    follow(browser.findElement(By.id("f-apply")));
    assertThat(attr(runRows(), "data-run-id")).containsExactly(RETRY_RUN, SKEWED_RUN);

    browser.get(server.url("/ui/runs?tenant=" + GLOBEX));
    assertThat(runRows()).hasSize(FleetRuns.FAILED_REPORTS);

    String from = Instant.ofEpochMilli(now - 55 * 60_000L).toString();
    String to = Instant.ofEpochMilli(now - 30 * 60_000L).toString();
    browser.get(server.url("/ui/runs?from=" + from + "&to=" + to));
    assertThat(attr(runRows(), "data-run-id")).containsExactly(RETRY_RUN, SKEWED_RUN);

    browser.get(server.url("/ui/runs?from=yesterday"));
    WebElement error = browser.findElement(By.id("filter-error"));
    assertThat(error.getAttribute("data-field")).isEqualTo("from");
    assertThat(error.getText()).contains("from must be");
  }

  @Test
  @DisplayName("the skewed run's page flags its join stage, charts its distributions and shows triage, retry and attempts")
  void skewedRunPage() throws Exception {
    browser.get(server.url("/ui/runs?workload=segments"));
    follow(browser.findElement(By.linkText(SKEWED_RUN)));
    assertThat(browser.findElement(By.cssSelector("#run-header .run-id")).getText()).isEqualTo(SKEWED_RUN);

    WebElement stage = browser.findElement(By.id("stage-" + SKEWED_STAGE));
    assertThat(stage.getAttribute("data-skewed")).isEqualTo("true");
    assertThat(stage.findElement(By.cssSelector(".skew-badge")).getText()).isEqualTo("SKEWED");
    assertThat(stage.findElement(By.cssSelector("svg.dist.skewed[data-metric='taskDurationMs']")).isDisplayed()).isTrue();
    assertThat(stage.findElement(By.cssSelector("svg.dist.skewed[data-metric='shuffleReadBytes']")).isDisplayed()).isTrue();
    assertThat(attr(browser.findElements(By.cssSelector("#stage-table tr.stage[data-skewed='true']")), "data-stage"))
        .containsExactly(String.valueOf(SKEWED_STAGE));
    // the max bar of the skewed stage dwarfs its median: skew at a glance
    double p50 = Double.parseDouble(stage.findElement(By.cssSelector("svg[data-metric='taskDurationMs'] .q-p50")).getAttribute("width"));
    double max = Double.parseDouble(stage.findElement(By.cssSelector("svg[data-metric='taskDurationMs'] .q-max")).getAttribute("width"));
    assertThat(max).isGreaterThan(50 * p50);
    assertThat(browser.findElement(By.cssSelector("#timeline g.stage-row[data-stage='" + SKEWED_STAGE + "']")).getAttribute("data-skewed"))
        .isEqualTo("true");
    assertThat(browser.findElement(By.cssSelector("#timeline g.stage-row[data-stage='" + SKEWED_STAGE + "'] .skew-flag")).getText())
        .startsWith("skew");

    assertThat(browser.findElement(By.id("triage-class")).getText()).isEqualTo("DATA_SKEW");
    assertThat(browser.findElement(By.id("triage-summary")).getText()).contains("stage " + SKEWED_STAGE);
    assertThat(browser.findElements(By.cssSelector("#evidence a[href='#stage-" + SKEWED_STAGE + "']"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#remedies li"))).isNotEmpty();
    assertThat(browser.findElement(By.id("facts")).getText()).contains("missed by");
    assertThat(browser.findElements(By.cssSelector("#retry a[href*='/ui/runs/" + RETRY_RUN + "']"))).isNotEmpty();
    assertThat(browser.findElement(By.id("listener-cost")).getText()).contains("Listener-bus CPU");
    assertThat(browser.findElement(By.id("joins")).getText()).contains("SortMergeJoin");
    chromium.screenshot(SCREENSHOTS.resolve("console-run-skewed.png"));

    follow(browser.findElement(By.cssSelector("#attempts a[href*='/ui/runs/" + RETRY_RUN + "']")));
    assertThat(browser.findElement(By.cssSelector("#run-header .run-id")).getText()).isEqualTo(RETRY_RUN);
    assertThat(browser.findElements(By.cssSelector("#stage-table tr.stage[data-skewed='true']"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("#attempts li.current")).getText()).contains("attempt 2");
    assertThat(browser.findElements(By.cssSelector("#attempts a[href*='/ui/runs/" + SKEWED_RUN + "']"))).hasSize(1);
  }

  @Test
  @DisplayName("the alerts page lists the firing failure burst with its class and links to the runs behind it")
  void alertsPage() throws Exception {
    ConsoleServer.await(
        "the globex failure-burst alert",
        () -> {
          try {
            return server.get("/api/v1/alerts?state=active", Map.of("Authorization", "Bearer " + ConsoleServer.OPS_TOKEN))
                .body()
                .contains("failure-burst:tenant=" + GLOBEX);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    browser.get(server.url("/ui/alerts"));
    WebElement alert = browser.findElement(By.cssSelector("#active-alerts tr.alert[data-alert-id='failure-burst:tenant=" + GLOBEX + "']"));
    assertThat(alert.getText()).contains("tenant=" + GLOBEX);
    List<WebElement> runs = alert.findElements(By.cssSelector("a.counted-run"));
    assertThat(runs).hasSize(FleetRuns.FAILED_REPORTS);
    chromium.screenshot(SCREENSHOTS.resolve("console-alerts.png"));

    follow(runs.get(0));
    assertThat(browser.findElement(By.cssSelector("#run-header .run-id")).getText()).startsWith("rep-30");
    assertThat(browser.findElement(By.id("run-alerts")).getText()).contains("tenant=" + GLOBEX);
    // the failure message is shown as text: markup in it is escaped, not executed
    assertThat(browser.findElement(By.cssSelector("#failure pre.message")).getText()).contains("<script>alert('x')</script>");
  }

  /** Submits the sign-in form and waits for the page it leads to. */
  private void signIn(String token) {
    browser.findElement(By.id("token")).sendKeys(token);
    follow(browser.findElement(By.cssSelector("form.login button")));
  }

  /** Clicks and waits until the next page replaced this one. */
  private void follow(WebElement target) {
    WebElement page = browser.findElement(By.tagName("html"));
    target.click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(page));
  }

  @Test
  @DisplayName("by default a tenant's token gets a 403 page saying the console needs an operator token, with a way to sign in again")
  void operatorRequired() {
    try {
      browser.get(server.url("/ui/runs?token=" + ConsoleServer.ACME_TOKEN));
      assertThat(runRows()).isEmpty();
      assertThat(browser.findElement(By.id("page-error")).getText()).contains("requires an operator token");
      assertThat(browser.findElement(By.id("page-error")).getAttribute("data-field")).isEqualTo("Authorization");
      browser.get(server.url("/ui/alerts"));
      assertThat(browser.findElement(By.id("page-error")).getText()).contains("requires an operator token");

      follow(browser.findElement(By.id("switch-token")));
      assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
      signIn(ConsoleServer.OPS_TOKEN);
      assertThat(runRows()).hasSize(12);

      browser.get(server.url("/ui/logout"));
      browser.get(server.url("/ui/runs"));
      assertThat(browser.findElement(By.id("login-error")).getText()).contains("credentials");
      signIn("wrong");
      assertThat(browser.findElements(By.id("login-error"))).hasSize(1);
    } finally {
      browser.get(server.url("/ui/login"));
      signIn(ConsoleServer.OPS_TOKEN);
    }
    assertThat(runRows()).hasSize(12);
  }

  @Test
  @DisplayName("with tenant access on, a tenant's token shows only that tenant; signing out asks for a token again")
  void tenantScope(@TempDir Path otherDir) throws Exception {
    try (ConsoleServer tenantConsole =
        new ConsoleServer(otherDir, List.of(), ConsoleSettings.defaults().withTenantAccess(true))) {
      tenantConsole.ingest(new FleetRuns(now).events());
      browser.get(tenantConsole.url("/ui/runs?token=" + ConsoleServer.ACME_TOKEN));
      assertThat(runRows()).isNotEmpty();
      assertThat(browser.findElements(By.cssSelector("#runs tr.run td:nth-child(2)")).stream().map(WebElement::getText))
          .containsOnly(ACME);
      assertThat(browser.findElement(By.id("f-tenant")).getAttribute("readonly")).isNotNull();

      browser.get(tenantConsole.url("/ui/runs/rep-300?tenant=" + GLOBEX));
      assertThat(browser.findElement(By.id("page-error")).getAttribute("data-field")).isEqualTo("tenant");

      browser.get(tenantConsole.url("/ui/logout"));
      browser.get(tenantConsole.url("/ui/runs"));
      assertThat(browser.findElement(By.id("login-error")).getText()).contains("credentials");
      signIn("wrong");
      assertThat(browser.findElements(By.id("login-error"))).hasSize(1);
    } finally {
      // cookies are per host, not per port: the main console's cookie is set again
      browser.get(server.url("/ui/login"));
      signIn(ConsoleServer.OPS_TOKEN);
    }
    assertThat(runRows()).hasSize(12);
  }
}
