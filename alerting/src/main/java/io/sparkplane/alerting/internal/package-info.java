/** Internal to the alerting module: HTTP handler and triage lookup. Not a public API; may change without notice. */
@NullMarked
package io.sparkplane.alerting.internal;

import org.jspecify.annotations.NullMarked;
