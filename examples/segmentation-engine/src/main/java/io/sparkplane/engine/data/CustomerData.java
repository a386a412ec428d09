package io.sparkplane.engine.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The normalized customer tables, lazily defined (nothing runs until a query's action).
 *
 * <ul>
 *   <li>{@code profiles(customer_id, email, region, tier, signup_date, ltv_base)}
 *   <li>{@code orders(order_id, customer_id, amount, order_ts)}
 *   <li>{@code events(event_id, customer_id, event_type, raw_ts)}: {@code raw_ts} is text as the
 *       upstream feed sends it
 *   <li>{@code relationships(referrer_id, referee_id, kind)}
 * </ul>
 */
public record CustomerData(
    DataSpec spec, Dataset<Row> profiles, Dataset<Row> orders, Dataset<Row> events, Dataset<Row> relationships) {}
