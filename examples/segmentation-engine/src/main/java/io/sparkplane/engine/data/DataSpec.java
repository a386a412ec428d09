package io.sparkplane.engine.data;

/**
 * Knobs of the generated customer data.
 *
 * <pre>{@code
 * DataSpec skewed = DataSpec.small().withZipf(3.0);    // one customer owns most orders
 * DataSpec exploding = DataSpec.small().withDuplicateKeys(300); // 300 rows per referral key
 * }</pre>
 *
 * @param customers rows of {@code profiles}
 * @param orders rows of {@code orders}
 * @param events rows of {@code events}
 * @param relationships rows of {@code relationships}
 * @param zipfExponent skew of the customer keys in orders and events: 0 is uniform; above 1 the
 *     first customer owns {@code 1/zeta(s)} of the rows (s = 3: 83%)
 * @param duplicateKeyFactor rows per join key in {@code relationships} (both columns): 1 is a
 *     graph of distinct edges, 300 makes its self-join quadratic
 * @param partitions partitions of the generated tables and of every shuffle
 * @param scoreCost microseconds of (simulated) feature-store lookup per order row in
 *     {@code high-value-customers}
 * @param malformedEventEvery every n-th event carries an unparseable timestamp (0: none)
 * @param seed random seed
 */
public record DataSpec(
    long customers,
    long orders,
    long events,
    long relationships,
    double zipfExponent,
    int duplicateKeyFactor,
    int partitions,
    int scoreCost,
    long malformedEventEvery,
    long seed) {

  public DataSpec {
    positive("customers", customers);
    positive("orders", orders);
    positive("events", events);
    positive("relationships", relationships);
    if (!(zipfExponent == 0 || zipfExponent > 1) || zipfExponent > 10) {
      throw new IllegalArgumentException("zipfExponent must be 0 (uniform) or in (1, 10], was " + zipfExponent);
    }
    positive("duplicateKeyFactor", duplicateKeyFactor);
    positive("partitions", partitions);
    if (scoreCost < 0) {
      throw new IllegalArgumentException("scoreCost must be >= 0, was " + scoreCost);
    }
    if (malformedEventEvery < 0) {
      throw new IllegalArgumentException("malformedEventEvery must be >= 0, was " + malformedEventEvery);
    }
  }

  /** A few seconds of work on 2 cores: 20,000 customers, 200,000 orders and events. */
  public static DataSpec small() {
    return new DataSpec(20_000, 200_000, 200_000, 40_000, 0, 1, 8, 5, 0, 42);
  }

  public DataSpec withCustomers(long v) {
    return new DataSpec(v, orders, events, relationships, zipfExponent, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withOrders(long v) {
    return new DataSpec(customers, v, events, relationships, zipfExponent, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withEvents(long v) {
    return new DataSpec(customers, orders, v, relationships, zipfExponent, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withRelationships(long v) {
    return new DataSpec(customers, orders, events, v, zipfExponent, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withZipf(double v) {
    return new DataSpec(customers, orders, events, relationships, v, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withDuplicateKeys(int v) {
    return new DataSpec(customers, orders, events, relationships, zipfExponent, v, partitions, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withPartitions(int v) {
    return new DataSpec(customers, orders, events, relationships, zipfExponent, duplicateKeyFactor, v, scoreCost, malformedEventEvery, seed);
  }

  public DataSpec withScoreCost(int v) {
    return new DataSpec(customers, orders, events, relationships, zipfExponent, duplicateKeyFactor, partitions, v, malformedEventEvery, seed);
  }

  public DataSpec withMalformedEventEvery(long v) {
    return new DataSpec(customers, orders, events, relationships, zipfExponent, duplicateKeyFactor, partitions, scoreCost, v, seed);
  }

  public DataSpec withSeed(long v) {
    return new DataSpec(customers, orders, events, relationships, zipfExponent, duplicateKeyFactor, partitions, scoreCost, malformedEventEvery, v);
  }

  private static void positive(String field, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be >= 1, was " + value);
    }
  }
}
