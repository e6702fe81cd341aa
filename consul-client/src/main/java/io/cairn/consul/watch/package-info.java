/**
 * Blocking-query watches and caches: {@link io.cairn.consul.watch.ConsulWatch} re-issues
 * a blocking read, follows Consul's index rules, rate-limits and backs off, and keeps the
 * last good value for listeners and {@code current()}.
 */
@NullMarked
package io.cairn.consul.watch;

import org.jspecify.annotations.NullMarked;
