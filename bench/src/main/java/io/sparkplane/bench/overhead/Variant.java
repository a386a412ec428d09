package io.sparkplane.bench.overhead;

/** The two sides of a pair. */
enum Variant {
  /** No Sparkplane listener. */
  WITHOUT,
  /** The Sparkplane listener attached, shipping to the configured collector URL. */
  WITH
}
