/**
 * The backend-neutral run store: the {@link io.sparkplane.collector.store.RunStore} contract, the
 * records it speaks in, and the rules ({@link io.sparkplane.collector.store.RunFolding}) that fold
 * telemetry events into one run, shared by every implementation.
 */
@NullMarked
package io.sparkplane.collector.store;

import org.jspecify.annotations.NullMarked;
