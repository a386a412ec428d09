/** The reference segmentation engine: runs segment workloads on local Spark with the Sparkplane listener, takes retries through its webhook and applies their remedies; {@link io.sparkplane.engine.DemoScenario} scripts the demo. */
@NullMarked
package io.sparkplane.engine;

import org.jspecify.annotations.NullMarked;
