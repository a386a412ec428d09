package io.sparkplane.collector.store;

/** What {@link RunStore#append} did with one event. */
public enum AppendOutcome {
  /** First time the store saw this event id; it was stored and folded into its run. */
  ACCEPTED,
  /** The store already had this event id; the event was ignored. */
  DUPLICATE
}
