package io.sparkplane.estimator.synthetic;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.estimator.EstimateRequest;

/**
 * One generated run: the stored run as the collector would hold it, and the estimate request the
 * engine would have sent before it (its {@code estimate} attachment).
 *
 * @param attached whether the run carries the request as its attachment (else training derives
 *     features from the summary)
 */
public record SyntheticRun(StoredRun run, EstimateRequest request, boolean attached) {}
