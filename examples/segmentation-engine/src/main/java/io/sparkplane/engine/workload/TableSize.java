package io.sparkplane.engine.workload;

/** A source table as the engine knows it before running: rows and approximate bytes. */
public record TableSize(String name, long rows, long bytes) {}
