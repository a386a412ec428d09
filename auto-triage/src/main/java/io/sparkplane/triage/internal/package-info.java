/** Non-public parts of auto-triage: the HTTP route for run attachments (verdict, retry decision) and metrics. Not an API; may change at any time. */
@NullMarked
package io.sparkplane.triage.internal;

import org.jspecify.annotations.NullMarked;
