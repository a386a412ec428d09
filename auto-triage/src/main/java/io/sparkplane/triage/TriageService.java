package io.sparkplane.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.internal.TriageMetrics;
import io.sparkplane.wire.TelemetryJson;
import java.io.UncheckedIOException;
import java.util.Optional;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Triages a run and stores the verdict with it, as the attachment {@value #ATTACHMENT}.
 *
 * <pre>{@code
 * TriageService triage = new TriageService(classifier, store, registry);
 * triage.triage(storedRun);                 // classifies FAILED, LOST and SLA-breaching runs
 * triage.verdictOf("acme", "run-1");        // the stored verdict, if any
 * }</pre>
 */
public final class TriageService {

  /** Name of the run attachment that holds the verdict. */
  public static final String ATTACHMENT = "triage";

  private static final ObjectMapper JSON = TelemetryJson.mapper();

  private final RunClassifier classifier;
  private final RunStore store;
  private final TriageMetrics metrics;

  public TriageService(RunClassifier classifier, RunStore store, MeterRegistry registry) {
    this.classifier = classifier;
    this.store = store;
    this.metrics = new TriageMetrics(registry);
  }

  /**
   * Classifies {@code run} if it is one to triage and stores the verdict, replacing an earlier one.
   *
   * @return the verdict, or empty when the run is not failed, lost or late
   * @throws io.sparkplane.collector.store.StoreException if the verdict could not be stored
   */
  public Optional<Verdict> triage(StoredRun run) {
    Optional<Verdict> verdict = classifier.classify(run);
    verdict.ifPresent(
        v -> {
          store.putAttachment(run.tenant(), run.runId(), ATTACHMENT, toJson(v));
          metrics.verdict(run.tenant(), v.triageClass(), v.fingerprint());
        });
    return verdict;
  }

  /** The stored verdict of a run, as JSON. */
  public Optional<JsonNode> storedVerdict(String tenant, String runId) {
    return Optional.ofNullable(store.attachments(tenant, runId).get(ATTACHMENT));
  }

  /** The stored verdict of a run. */
  public Optional<Verdict> verdictOf(String tenant, String runId) {
    return storedVerdict(tenant, runId).map(TriageService::fromJson);
  }

  public static JsonNode toJson(Verdict verdict) {
    return JSON.valueToTree(verdict);
  }

  public static Verdict fromJson(JsonNode json) {
    try {
      return JSON.treeToValue(json, Verdict.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
