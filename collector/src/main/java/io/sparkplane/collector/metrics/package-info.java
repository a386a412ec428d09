/** Micrometer pieces the collector and its extensions share, such as capping a label's values. */
@NullMarked
package io.sparkplane.collector.metrics;

import org.jspecify.annotations.NullMarked;
