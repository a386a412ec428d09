package io.sparkplane.triage.retry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageService;
import io.sparkplane.triage.Verdict;
import io.sparkplane.triage.internal.AttachmentRoute;
import io.sparkplane.triage.retry.RetryDecision.Delivery;
import io.sparkplane.triage.retry.RetryDecision.Reason;
import io.sparkplane.triage.retry.internal.RetryLinks;
import io.sparkplane.triage.retry.internal.RetryMetrics;
import io.sparkplane.triage.retry.internal.WebhookClient;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryJson;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLA-aware retries inside the collector. For every finished run that has a triage verdict (so it
 * must be registered <em>after</em> {@code TriageExtension}), the {@link RetryPolicy} decides; the
 * decision is stored with the run as the attachment {@value #ATTACHMENT}, counted in {@code
 * sparkplane_retry_decisions_total{tenant,decision,reason}}, served by {@code GET
 * /api/v1/runs/{runId}/retries}, and a retried run's {@link RetryRequest} is POSTed to {@code
 * retry.webhook.url} after its backoff, on this extension's own thread. When the retry itself
 * finishes, its outcome is counted in {@code sparkplane_retry_outcomes_total{tenant,outcome}} and a
 * success adds to {@code sparkplane_retry_time_saved_seconds_total} (docs/retries.md).
 *
 * <pre>{@code
 * CollectorServer.builder(config)
 *     .extension(new TriageExtension(TriageSettings.defaults()))
 *     .extension(new RetryExtension(RetrySettings.fromProperties(props)))
 *     .build();
 * }</pre>
 */
public final class RetryExtension implements CollectorExtension {

  /** Name of the run attachment that holds the decision. */
  public static final String ATTACHMENT = "retry";

  public static final String PATH = "/api/v1/runs/{runId}/retries";

  private static final Logger log = LoggerFactory.getLogger(RetryExtension.class);

  private final RetrySettings settings;
  private final @Nullable RuntimePredictor predictorOverride;
  private final DoubleSupplier random;
  private @Nullable Started started;

  public RetryExtension(RetrySettings settings) {
    this(settings, null, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param predictor predicts retry runtimes (e.g. an estimator adapter); {@code null} uses the
   *     workload's history in the run store
   * @param random uniform in [0, 1), for the backoff jitter
   */
  public RetryExtension(RetrySettings settings, @Nullable RuntimePredictor predictor, DoubleSupplier random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.predictorOverride = predictor;
    this.random = random;
  }

  private record Started(
      RunStore store, Clock clock, RetryPolicy policy, RetryMetrics metrics, @Nullable WebhookClient webhook,
      ScheduledExecutorService scheduler) {}

  @Override
  public void start(Javalin app, ExtensionContext context) {
    RuntimePredictor predictor = predictorOverride != null ? predictorOverride
        : new HistoryRuntimePredictor(context.store(), settings.historyRuns());
    RetryPolicy policy = new RetryPolicy(
        settings, predictor, new RetryRateLimiter(settings, context.clock()), context.clock(), random);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparkplane-retry-webhook");
      t.setDaemon(true);
      return t;
    });
    WebhookClient webhook = settings.webhookUrl() == null ? null : new WebhookClient(settings, context.clock());
    started = new Started(context.store(), context.clock(), policy, new RetryMetrics(context.registry()), webhook, scheduler);
    app.get(PATH, new AttachmentRoute(context.runs(), context.store(), ATTACHMENT,
        new AttachmentRoute.Absent("no_decision", "no retry decision (only triaged runs get one)"))::handle);
  }

  @Override
  public void runFinished(StoredRun run) {
    countRetryOutcome(run);
    decide(run);
  }

  /**
   * If {@code run} is the retry a stored decision of its predecessor announced (its {@code
   * retryRunId}), counts how it ended in {@code sparkplane_retry_outcomes_total{tenant,outcome}}
   * and, when it succeeded, adds the seconds from the predecessor's end (else its decision) to this
   * run's end to {@code sparkplane_retry_time_saved_seconds_total}.
   */
  private void countRetryOutcome(StoredRun run) {
    Started s = started();
    for (String predecessor : RetryLinks.predecessorIds(run.runId(), run.identity().attempt())) {
      Optional<RetryDecision> announced = decisionOf(run.tenant(), predecessor);
      if (announced.isEmpty() || !run.runId().equals(announced.get().retryRunId())) {
        continue;
      }
      s.metrics.outcome(run.tenant(), run.status());
      if (run.status() == RunStatus.SUCCEEDED && run.endTimeMs() != null) {
        long failedAt = s.store.findRun(run.tenant(), predecessor)
            .map(StoredRun::endTimeMs)
            .orElse(announced.get().decidedAtMs());
        s.metrics.timeSaved(Math.max(0, run.endTimeMs() - failedAt) / 1000.0);
      }
      return;
    }
  }

  /**
   * Decides for a run that has a triage verdict and no decision yet (a run is decided once), stores
   * the decision and schedules the webhook call of a retry.
   *
   * @return the new decision, or empty when the run has no verdict or was decided before
   * @throws IllegalStateException before {@link #start}
   */
  public Optional<RetryDecision> decide(StoredRun run) {
    Started s = started();
    var attachments = s.store.attachments(run.tenant(), run.runId());
    JsonNode verdictJson = attachments.get(TriageService.ATTACHMENT);
    if (verdictJson == null || attachments.containsKey(ATTACHMENT)) {
      return Optional.empty();
    }
    Verdict verdict = TriageService.fromJson(verdictJson);
    RetryDecision decision = s.policy.decide(verdict, run);
    store(s, decision);
    s.metrics.decision(decision);
    if (decision.decision() == RetryDecision.Outcome.RETRIED && s.webhook != null) {
      long delay = Math.max(0, Objects.requireNonNull(decision.notBeforeMs()) - s.clock.millis());
      s.scheduler.schedule(() -> deliver(s, decision, verdict.summary()), delay, TimeUnit.MILLISECONDS);
    }
    return Optional.of(decision);
  }

  private void deliver(Started s, RetryDecision decision, String summary) {
    try {
      long predicted = decision.predictedRuntimeMs() == null ? 0 : decision.predictedRuntimeMs();
      Long deadline = decision.slaDeadlineMs();
      Delivery delivery = s.webhook.deliver(RetryRequest.of(decision, summary),
          () -> deadline == null || s.clock.millis() + predicted <= deadline);
      RetryDecision done;
      if (Delivery.DELIVERED.equals(delivery.status())) {
        done = decision.delivered(delivery, null, null);
      } else {
        boolean refused = delivery.httpStatus() != null && !WebhookClient.retriable(delivery.httpStatus());
        Reason reason = refused ? Reason.ENGINE_REJECTED : Reason.DELIVERY_FAILED;
        String why = refused
            ? "the engine refused the retry: " + delivery.lastError()
            : "webhook not reached after " + delivery.attempts() + " attempt(s) while the SLA window allowed: " + delivery.lastError();
        done = decision.delivered(delivery, reason, why);
        s.metrics.decision(done);
      }
      s.metrics.delivered(Delivery.DELIVERED.equals(delivery.status()));
      store(s, done);
    } catch (RuntimeException e) {
      log.warn("Retry webhook delivery of run {} failed", decision.runId(), e);
    }
  }

  private static void store(Started s, RetryDecision decision) {
    s.store.putAttachment(decision.tenant(), decision.runId(), ATTACHMENT, TelemetryJson.mapper().valueToTree(decision));
  }

  /** The stored decision of a run. */
  public Optional<RetryDecision> decisionOf(String tenant, String runId) {
    JsonNode json = started().store.attachments(tenant, runId).get(ATTACHMENT);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(TelemetryJson.mapper().treeToValue(json, RetryDecision.class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Started started() {
    if (started == null) {
      throw new IllegalStateException("RetryExtension is not started");
    }
    return started;
  }

  @Override
  public void close() {
    if (started != null) {
      started.scheduler.shutdownNow();
    }
  }
}
