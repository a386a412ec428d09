/** Internal parts of the retry extension; not a public API. */
@NullMarked
package io.sparkplane.triage.retry.internal;

import org.jspecify.annotations.NullMarked;
