/**
 * Configuration: {@code cairn.registry.*} properties, servreg's command-line options, the
 * clock.
 */
@NullMarked
package io.cairn.registry.config;

import org.jspecify.annotations.NullMarked;
