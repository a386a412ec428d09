/**
 * The Elasticsearch {@link io.sparkplane.collector.store.RunStore}, for fleets that outgrow one
 * machine: several stateless collector replicas write to one cluster.
 *
 * <p>Layout: monthly indices {@code <prefix>-runs-yyyy.MM}, {@code <prefix>-events-yyyy.MM} and
 * {@code <prefix>-attachments-yyyy.MM} behind the aliases {@code <prefix>-runs}, {@code
 * <prefix>-events}, {@code <prefix>-attachments}, created from index templates with strict, explicit
 * mappings. Retention drops whole monthly indices. See {@code docs/collector.md}.
 */
@NullMarked
package io.sparkplane.collector.store.elasticsearch;

import org.jspecify.annotations.NullMarked;
