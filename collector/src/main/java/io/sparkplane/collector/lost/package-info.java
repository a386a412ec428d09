/** Runs whose driver went silent: found by missing heartbeats and marked {@code LOST}. */
@NullMarked
package io.sparkplane.collector.lost;

import org.jspecify.annotations.NullMarked;
