@NullMarked
package io.sparkplane.engine.workload;

import org.jspecify.annotations.NullMarked;
