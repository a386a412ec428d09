package io.sparkplane.triage;

import io.javalin.Javalin;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.collector.metrics.CappedTagMeterFilter;
import io.sparkplane.collector.store.StoredRun;
import io.micrometer.core.instrument.config.MeterFilter;
import io.sparkplane.triage.internal.AttachmentRoute;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Auto-triage inside the collector: every run that finishes {@code FAILED} or {@code LOST}, or
 * succeeds after its SLA deadline, is classified and its verdict stored with the run (attachment
 * {@value TriageService#ATTACHMENT}); {@code GET /api/v1/runs/{runId}/triage} returns it.
 *
 * <pre>{@code
 * CollectorServer.builder(config).extension(new TriageExtension(TriageSettings.defaults())).build();
 * }</pre>
 */
public final class TriageExtension implements CollectorExtension {

  public static final String PATH = "/api/v1/runs/{runId}/triage";

  private final TriageSettings settings;
  private final TriageMeterSettings meterSettings;
  private final TriageTracing tracing;
  private @Nullable TriageService service;

  public TriageExtension(TriageSettings settings) {
    this(settings, TriageMeterSettings.defaults());
  }

  public TriageExtension(TriageSettings settings, TriageMeterSettings meterSettings) {
    this(settings, meterSettings, TriageTracing.noop());
  }

  /** With {@code tracing}, a run whose summary carries a traceparent is triaged in a span of that trace. */
  public TriageExtension(
      TriageSettings settings, TriageMeterSettings meterSettings, TriageTracing tracing) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.meterSettings = Objects.requireNonNull(meterSettings, "meterSettings");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  /** Caps the {@code fingerprint} label at {@code triage.metrics.maxFingerprints}. */
  @Override
  public List<MeterFilter> meterFilters() {
    return List.of(CappedTagMeterFilter.pooling("fingerprint", meterSettings.maxFingerprints()));
  }

  @Override
  public void start(Javalin app, ExtensionContext context) {
    RunClassifier classifier = new RunClassifier(settings, context.clock());
    service = new TriageService(classifier, context.store(), context.registry());
    app.get(PATH, new AttachmentRoute(context.runs(), context.store(), TriageService.ATTACHMENT,
        new AttachmentRoute.Absent("no_verdict", "no triage verdict (only failed, lost and late runs are triaged)"))::handle);
  }

  @Override
  public void runFinished(StoredRun run) {
    triage(run);
  }

  /**
   * Triages a run now; for callers that learn of finished runs another way (a lost-run detector).
   *
   * @throws IllegalStateException before {@link #start}
   */
  public Optional<Verdict> triage(StoredRun run) {
    if (service == null) {
      throw new IllegalStateException("TriageExtension is not started");
    }
    TriageService started = service;
    return tracing.traced(run, () -> started.triage(run));
  }
}
