/**
 * The versioned telemetry wire format: the events a listener sends and the bounded run summary they
 * carry. Fields documented as optional may be {@code null}; lists are never {@code null}.
 */
package io.sparkplane.wire;
