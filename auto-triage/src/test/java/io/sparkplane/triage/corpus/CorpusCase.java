package io.sparkplane.triage.corpus;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageClass;

/**
 * One labelled run of the corpus.
 *
 * @param name unique, also the fixture's file name
 * @param label the class a person assigns, from how the case was produced, never from the classifier
 * @param source {@code spark-local} (real Spark in the generator's JVM), {@code spark-subprocess}
 *     (real Spark in a child JVM reporting to a real collector), or {@code recorded} (a real run's
 *     summary carrying an error text recorded from a cluster, for cases that cannot happen locally)
 * @param description how the case was produced
 * @param run the run as the store returned it
 */
public record CorpusCase(String name, TriageClass label, String source, String description, StoredRun run) {}
