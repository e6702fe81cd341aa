/**
 * A typed client for the whole Consul HTTP API. Start with
 * {@link io.cairn.consul.Consul}: build one per application and ask it for the client of
 * an API area ({@code kv()}, {@code health()}, {@code agent()}, ...). Reads return a
 * {@link io.cairn.consul.ConsulResponse} carrying the value and the response metadata
 * (index, known leader, ...); per-request settings go in
 * {@link io.cairn.consul.QueryOptions}. Errors are typed subclasses of
 * {@link io.cairn.consul.ConsulException}.
 */
@NullMarked
package io.cairn.consul;

import org.jspecify.annotations.NullMarked;
