/** The YAML settings of alerting, validated once at load; errors name the field. */
@NullMarked
package io.sparkplane.alerting.config;

import org.jspecify.annotations.NullMarked;
