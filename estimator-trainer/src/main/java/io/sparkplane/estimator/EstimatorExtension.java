package io.sparkplane.estimator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.estimator.internal.HistoryReader;
import io.sparkplane.estimator.internal.RecommendationCheck;
import io.sparkplane.estimator.internal.RunFeatures;
import io.sparkplane.estimator.internal.TrainingHistory;
import io.sparkplane.estimator.schedule.RetrainScheduler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimator inside the collector: {@code POST /api/v1/estimates}, the model administration
 * routes, the retraining schedule, and learning from every run that finishes.
 *
 * <pre>{@code
 * EstimatorExtension estimator = new EstimatorExtension(EstimatorSettings.defaults());
 * CollectorServer.builder(config).extension(estimator).build().start();
 * Estimator inProcess = estimator.estimator();
 * }</pre>
 *
 * <p>Routes (tenant-scoped like the collector's own): {@code POST /api/v1/estimates}; for callers
 * whose scope is all tenants, {@code GET /api/v1/estimator/models}, {@code POST
 * /api/v1/estimator/train}, {@code POST /api/v1/estimator/promote} and {@code POST
 * /api/v1/estimator/rollback}.
 */
public final class EstimatorExtension implements CollectorExtension {

  private static final Logger log = LoggerFactory.getLogger(EstimatorExtension.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Name of the run attachment that keeps the estimator's answer (the recommendation) for a run. */
  public static final String RECOMMENDATION = "recommendation";

  private final EstimatorSettings settings;
  private final boolean schedule;
  private @Nullable EstimatorService service;
  private @Nullable EstimatorTrainer trainer;
  private @Nullable HistoryReader reader;
  private @Nullable RunStore store;
  private @Nullable RetrainScheduler scheduler;
  private final Map<String, JsonNode> pendingEstimates;
  private final Map<String, JsonNode> pendingRecommendations;

  public EstimatorExtension(EstimatorSettings settings) {
    this(settings, true);
  }

  /**
   * @param schedule whether to start the Quartz retraining schedule (false: manual training only)
   */
  public EstimatorExtension(EstimatorSettings settings, boolean schedule) {
    this.settings = settings;
    this.schedule = schedule;
    int max = settings.maxPendingEstimates();
    this.pendingEstimates = bounded(max);
    this.pendingRecommendations = bounded(max);
  }

  private static Map<String, JsonNode> bounded(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
        return size() > max;
      }
    };
  }

  @Override
  public void start(Javalin app, ExtensionContext context) {
    EstimatorService estimatorService = new EstimatorService(settings, context.registry());
    estimatorService.loadServing();
    TrainingHistory history = new TrainingHistory(settings.maxHistoryRuns());
    this.store = context.store();
    this.reader = new HistoryReader(context.store(), history, settings.historyOverlap());
    this.trainer = new EstimatorTrainer(estimatorService, reader, history, context.clock());
    this.service = estimatorService;
    app.post("/api/v1/estimates", ctx -> estimate(ctx, context));
    app.get("/api/v1/estimator/models", ctx -> ctx.json(statusJson(admin(ctx, context).status())));
    app.post(
        "/api/v1/estimator/train",
        ctx -> {
          admin(ctx, context);
          ctx.json(reportJson(trainer().train()));
        });
    app.post(
        "/api/v1/estimator/rollback",
        ctx -> changeServing(ctx, context, "no_previous_model", EstimatorService::rollback));
    app.post(
        "/api/v1/estimator/promote",
        ctx -> changeServing(ctx, context, "no_challenger", EstimatorService::promote));
    if (schedule) {
      this.scheduler = RetrainScheduler.start(settings.retrainCron(), settings.quartzProperties(), this::train);
    }
  }

  private void estimate(Context ctx, ExtensionContext context) {
    TenantScope scope = context.authentication().scopeOf(ctx);
    JsonNode body;
    try {
      body = JSON.readTree(ctx.bodyAsBytes());
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed_json", "body is not valid JSON: " + e.getOriginalMessage(), "$");
    } catch (java.io.IOException e) {
      throw new ApiException(400, "malformed_json", "body cannot be read", "$");
    }
    EstimateRequest request;
    try {
      request = EstimateRequestJson.fromJson(body, scope.tenant());
    } catch (InvalidRequestException e) {
      throw new ApiException(400, "invalid_parameter", e.getMessage(), e.field());
    }
    if (!scope.permits(request.tenant())) {
      throw new ApiException(403, "forbidden", "not permitted for tenant " + request.tenant(), "tenant");
    }
    Estimate estimate = estimator().estimate(request);
    if (request.runId() != null) {
      remember(request, estimate);
    }
    ctx.json(EstimateJson.toJson(request, estimate));
  }

  /**
   * Keeps the request as the run's {@code estimate} attachment and the answer as its {@value
   * #RECOMMENDATION} attachment, now or once the run exists.
   */
  private void remember(EstimateRequest request, Estimate estimate) {
    ObjectNode document = EstimateRequestJson.toJson(request);
    ObjectNode answer = EstimateJson.toJson(request, estimate);
    try {
      store().putAttachment(request.tenant(), request.runId(), EstimateRequestJson.ATTACHMENT, document);
      store().putAttachment(request.tenant(), request.runId(), RECOMMENDATION, answer);
    } catch (NoSuchElementException e) {
      synchronized (pendingEstimates) {
        pendingEstimates.put(pendingKey(request.tenant(), request.runId()), document);
        pendingRecommendations.put(pendingKey(request.tenant(), request.runId()), answer);
      }
    }
  }

  private static String pendingKey(String tenant, String runId) {
    return tenant + '\u0000' + runId;
  }

  private EstimatorService admin(Context ctx, ExtensionContext context) {
    TenantScope scope = context.authentication().scopeOf(ctx);
    if (!scope.isAll()) {
      throw new ApiException(403, "forbidden", "model administration needs an all-tenant token", "Authorization");
    }
    return service();
  }

  /**
   * An administration route that changes which model serves: answers the new status, or 409 with
   * {@code conflict} when there is nothing to change to and {@code model_refused} when its file is
   * refused.
   */
  private void changeServing(
      Context ctx, ExtensionContext context, String conflict, Function<EstimatorService, ModelStatus> change) {
    EstimatorService s = admin(ctx, context);
    try {
      ctx.json(statusJson(change.apply(s)));
    } catch (IllegalStateException e) {
      throw new ApiException(409, conflict, e.getMessage(), null);
    } catch (ModelLoadException e) {
      throw new ApiException(409, "model_refused", e.getMessage(), null);
    }
  }

  private static ObjectNode reportJson(TrainingReport report) {
    ObjectNode node = JSON.createObjectNode();
    node.put("outcome", report.outcome());
    node.put("version", report.version());
    node.put("role", report.role());
    node.put("historyRuns", report.historyRuns());
    node.put("newRuns", report.newRuns());
    node.put("tookSeconds", report.took().toMillis() / 1000.0);
    if (!Double.isNaN(report.calibrationMdape())) {
      node.put("calibrationMdape", report.calibrationMdape());
    }
    node.put("message", report.message());
    return node;
  }

  private static ObjectNode statusJson(ModelStatus status) {
    ObjectNode node = JSON.createObjectNode();
    node.put("serving", status.serving());
    node.put("challenger", status.challenger());
    status.previous().forEach(node.putArray("previous")::add);
    node.put("shadowRuns", status.shadowRuns());
    if (!Double.isNaN(status.servingShadowMdape())) {
      node.put("servingShadowMdape", status.servingShadowMdape());
      node.put("challengerShadowMdape", status.challengerShadowMdape());
    }
    return node;
  }

  /**
   * Attaches a pending estimate to the run, learns from it, and scores the models on it. On the
   * collector's observer thread.
   */
  @Override
  public void runFinished(StoredRun run) {
    JsonNode pending;
    JsonNode pendingAnswer;
    synchronized (pendingEstimates) {
      pending = pendingEstimates.remove(pendingKey(run.tenant(), run.runId()));
      pendingAnswer = pendingRecommendations.remove(pendingKey(run.tenant(), run.runId()));
    }
    if (pending != null) {
      try {
        store().putAttachment(run.tenant(), run.runId(), EstimateRequestJson.ATTACHMENT, pending);
        if (pendingAnswer != null) {
          store().putAttachment(run.tenant(), run.runId(), RECOMMENDATION, pendingAnswer);
        }
      } catch (StoreException | NoSuchElementException e) {
        log.warn("Could not attach the estimate of run {}: {}", run.runId(), e.toString());
      }
    }
    // one store read serves the recommendation check and training
    Map<String, JsonNode> attached =
        pending != null && pendingAnswer != null ? Map.of() : store().attachments(run.tenant(), run.runId());
    RecommendationCheck.record(
        run, pendingAnswer != null ? pendingAnswer : attached.get(RECOMMENDATION), service().metrics());
    if (reader().add(run)) {
      JsonNode estimate = pending != null ? pending : attached.get(EstimateRequestJson.ATTACHMENT);
      RunFeatures.of(run, estimate).ifPresent(service()::runFinished);
    }
  }

  /** Trains now (what {@code bin/sparkplane train} asks for). */
  public TrainingReport train() {
    return trainer().train();
  }

  /** Serves the previous model (what {@code bin/sparkplane model rollback} asks for). */
  public ModelStatus rollback() {
    return service().rollback();
  }

  /** Serves the challenger now (what {@code bin/sparkplane model promote} asks for). */
  public ModelStatus promote() {
    return service().promote();
  }

  public ModelStatus status() {
    return service().status();
  }

  /** The in-process estimator, for the triage retry policy; available once started. */
  public Estimator estimator() {
    return service();
  }

  public Optional<RetrainScheduler> scheduler() {
    return Optional.ofNullable(scheduler);
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
      scheduler = null;
    }
    if (service != null) {
      service.close();
    }
  }

  private EstimatorService service() {
    if (service == null) {
      throw new IllegalStateException("the estimator extension is not started");
    }
    return service;
  }

  private EstimatorTrainer trainer() {
    if (trainer == null) {
      throw new IllegalStateException("the estimator extension is not started");
    }
    return trainer;
  }

  private HistoryReader reader() {
    if (reader == null) {
      throw new IllegalStateException("the estimator extension is not started");
    }
    return reader;
  }

  private RunStore store() {
    if (store == null) {
      throw new IllegalStateException("the estimator extension is not started");
    }
    return store;
  }
}
