/**
 * Internal: features, model fitting, model files and shadow evaluation of the estimator. Not a
 * public API; may change without notice.
 */
@NullMarked
package io.sparkplane.estimator.internal;

import org.jspecify.annotations.NullMarked;
