/** Rule evaluation on run outcomes: sliding-window counters, burn-rate windows, runtime baselines and the firing/hold-down state of each alert key. Time comes from an injected clock. */
@NullMarked
package io.sparkplane.alerting.engine;

import org.jspecify.annotations.NullMarked;
