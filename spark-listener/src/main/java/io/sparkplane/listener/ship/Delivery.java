package io.sparkplane.listener.ship;

/** What delivering one batch took: the JSON bytes serialized and the bytes sent (gzip). */
public record Delivery(long serializedBytes, long sentBytes) {}
