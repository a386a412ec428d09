/**
 * Auto-triage: classifies failed, lost and SLA-breaching runs into one {@link
 * io.sparkplane.triage.TriageClass} with evidence, and serves the verdicts from the collector.
 *
 * <pre>{@code
 * Verdict verdict = new RunClassifier(TriageSettings.defaults(), clock).classify(storedRun);
 * CollectorServer.builder(config).extension(new TriageExtension(TriageSettings.defaults())).build();
 * }</pre>
 */
@NullMarked
package io.sparkplane.triage;

import org.jspecify.annotations.NullMarked;
