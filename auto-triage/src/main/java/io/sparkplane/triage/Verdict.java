package io.sparkplane.triage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkplane.wire.RunStatus;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The triage of one run: its primary class with confidence and evidence, a one-line summary fit for
 * a page, secondary findings, remedies, and a fingerprint shared by every run of the same tenant and
 * workload that failed the same way.
 *
 * <p>In JSON the class is {@code "class"}:
 *
 * <pre>{@code
 * {"version":1,"runId":"r-1","tenant":"acme","workload":"segments","runStatus":"FAILED",
 *  "trigger":"FAILED","class":"DATA_SKEW","confidence":0.93,"summary":"Data skew in stage 3: ...",
 *  "fingerprint":"DATA_SKEW-3f9a...","evidence":[...],"secondary":[...],"remedies":[...],
 *  "triagedAtMs":1760000000000}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(
    int version,
    String runId,
    String tenant,
    @Nullable String workload,
    RunStatus runStatus,
    Trigger trigger,
    @JsonProperty("class") TriageClass triageClass,
    double confidence,
    String summary,
    String fingerprint,
    List<Evidence> evidence,
    List<Finding> secondary,
    List<Remedy> remedies,
    long triagedAtMs) {

  /** Version of this record's JSON shape. */
  public static final int VERSION = 1;

  public Verdict {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(runStatus, "runStatus");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(triageClass, "class");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(fingerprint, "fingerprint");
    evidence = List.copyOf(evidence);
    secondary = List.copyOf(secondary);
    remedies = List.copyOf(remedies);
  }
}
