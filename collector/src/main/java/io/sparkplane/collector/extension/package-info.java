/**
 * How the control plane's other parts (triage, estimator, alerting) plug into the collector: routes
 * of their own, and a call for every run that became finished.
 */
@NullMarked
package io.sparkplane.collector.extension;

import org.jspecify.annotations.NullMarked;
