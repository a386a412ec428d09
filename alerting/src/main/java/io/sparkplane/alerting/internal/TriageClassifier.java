package io.sparkplane.alerting.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.Classification;
import io.sparkplane.alerting.RunRef;
import io.sparkplane.alerting.notify.Classifier;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies an alert's runs by the triage verdicts stored as the run attachment {@value
 * #ATTACHMENT} ({@code {"class": "...", "summary": "..."}}). Read when a notification or an API
 * response is built, not when the run was counted, because triage may store its verdict after
 * alerting saw the run. Verdicts found are cached (bounded); missing ones are looked up again next
 * time. A run without a readable verdict is {@code UNKNOWN}. Internal.
 */
public final class TriageClassifier implements Classifier {

  public static final String ATTACHMENT = "triage";
  static final int CACHE_SIZE = 10_000;
  static final int EXAMPLES = 5;

  private static final Logger log = LoggerFactory.getLogger(TriageClassifier.class);

  private final RunStore store;
  private final AtomicLong lastWarning = new AtomicLong();
  private final Map<String, Verdict> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  public TriageClassifier(RunStore store) {
    this.store = store;
  }

  @Override
  public Classification classify(Alert alert) {
    List<RunRef> runs = alert.facts().runs();
    if (runs.isEmpty()) {
      return Classification.NONE;
    }
    Map<String, Integer> counts = new HashMap<>();
    List<Classification.Example> examples = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRef run = runs.get(i);
      Verdict v = verdict(run);
      counts.merge(v.triageClass, 1, Integer::sum);
      if (examples.size() < EXAMPLES) {
        examples.add(new Classification.Example(run.tenant(), run.runId(), v.triageClass, v.summary));
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Integer> ordered = new LinkedHashMap<>();
    sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    String dominant =
        sorted.stream()
            .map(Map.Entry::getKey)
            .filter(c -> !Classification.UNKNOWN.equals(c))
            .findFirst()
            .orElse(Classification.UNKNOWN);
    return new Classification(dominant, ordered, examples);
  }

  private Verdict verdict(RunRef run) {
    String cacheKey = run.tenant() + '\u0000' + run.runId();
    Verdict cached = cache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    Verdict found = read(run);
    if (found != Verdict.UNKNOWN) {
      cache.put(cacheKey, found);
    }
    return found;
  }

  private Verdict read(RunRef run) {
    JsonNode doc;
    try {
      doc = store.attachments(run.tenant(), run.runId()).get(ATTACHMENT);
    } catch (StoreException e) {
      long now = System.nanoTime();
      long last = lastWarning.get();
      if (now - last > TimeUnit.MINUTES.toNanos(1) && lastWarning.compareAndSet(last, now)) {
        log.warn("Cannot read triage verdicts; alerts show UNKNOWN until the store answers: {}", e.toString());
      }
      return Verdict.UNKNOWN;
    }
    return parse(doc);
  }

  /** Reads {@code class} and {@code summary} defensively; anything else is ignored. */
  static Verdict parse(@Nullable JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      return Verdict.UNKNOWN;
    }
    JsonNode cls = doc.get("class");
    if (cls == null || !cls.isTextual() || cls.asText().isBlank()) {
      return Verdict.UNKNOWN;
    }
    JsonNode summary = doc.get("summary");
    String line = summary != null && summary.isTextual() ? firstLine(summary.asText()) : "";
    return new Verdict(cls.asText().trim(), line);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 299) + "…" : line;
  }

  record Verdict(String triageClass, String summary) {
    static final Verdict UNKNOWN = new Verdict(Classification.UNKNOWN, "");
  }
}
