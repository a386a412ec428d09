/** Benchmark of auto-triage: classification plus verdict storage per run. */
package io.sparkplane.bench.triage;
