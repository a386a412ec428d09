/**
 * Salting for skewed keys on Spark DataFrames: {@link io.sparkplane.salting.Salting#join} spreads a
 * hot join key over several tasks, {@link io.sparkplane.salting.Salting#aggregate} aggregates in two
 * phases (per key and salt, then per key). Both return what the unsalted query returns.
 *
 * <pre>{@code
 * Dataset<Row> joined = Salting.join(orders, profiles, List.of("customer_id"), 8, "inner");
 * Dataset<Row> totals = Salting.aggregate(orders, List.of("customer_id"), 8,
 *     SaltedAggregate.sum("amount", "total"), SaltedAggregate.count("*", "orders"));
 * }</pre>
 */
package io.sparkplane.salting;
