/**
 * Detectors, one per signal family. Each reads a {@link io.sparkplane.triage.detect.RunFacts} and
 * reports zero or more {@link io.sparkplane.triage.Finding}s; the classifier picks the primary.
 */
@NullMarked
package io.sparkplane.triage.detect;

import org.jspecify.annotations.NullMarked;
