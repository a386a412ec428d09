/**
 * Non-public parts of the run console: HTML rendering, SVG charts, the token filter and the alerts
 * client. Not an API; may change at any time.
 */
@NullMarked
package io.sparkplane.console.internal;

import org.jspecify.annotations.NullMarked;
