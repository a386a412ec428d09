/** Quartz schedule that retrains the estimator's models. */
@NullMarked
package io.sparkplane.estimator.schedule;

import org.jspecify.annotations.NullMarked;
