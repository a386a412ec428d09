/** Who may send and read telemetry for which tenant. */
@NullMarked
package io.sparkplane.collector.auth;

import org.jspecify.annotations.NullMarked;
