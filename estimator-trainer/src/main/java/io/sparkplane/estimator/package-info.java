/**
 * Right-sizes Spark jobs before they run: {@link io.sparkplane.estimator.Estimator} answers an
 * {@link io.sparkplane.estimator.EstimateRequest} with an {@link io.sparkplane.estimator.Estimate}
 * from models trained on the fleet's run history; {@link
 * io.sparkplane.estimator.EstimatorExtension} serves it as {@code POST /api/v1/estimates}.
 */
@NullMarked
package io.sparkplane.estimator;

import org.jspecify.annotations.NullMarked;
