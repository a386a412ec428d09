/** Synthetic run history for training-time benchmarks and model tests. */
@NullMarked
package io.sparkplane.estimator.synthetic;

import org.jspecify.annotations.NullMarked;
