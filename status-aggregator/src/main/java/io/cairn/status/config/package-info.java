/**
 * Configuration: {@code cairn.status.*} properties, the clock and the threads.
 */
@NullMarked
package io.cairn.status.config;

import org.jspecify.annotations.NullMarked;
