@NullMarked
package io.sparkplane.engine.data;

import org.jspecify.annotations.NullMarked;
