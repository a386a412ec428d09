/** Engine internals: not a public API, may change without notice. */
@NullMarked
package io.sparkplane.engine.internal;

import org.jspecify.annotations.NullMarked;
