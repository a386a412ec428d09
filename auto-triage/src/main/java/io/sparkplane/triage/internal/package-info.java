/** Non-public parts of auto-triage: HTTP route and metrics. Not an API; may change at any time. */
@NullMarked
package io.sparkplane.triage.internal;

import org.jspecify.annotations.NullMarked;
