/**
 * A typed client for the Consul HTTP API: 110 endpoint paths (KV, catalog, health, agent,
 * sessions, transactions, events, prepared queries, coordinates, ACLs with auth methods,
 * binding rules and templated policies, config entries, Connect CA and intentions, Raft,
 * autopilot, keyring, usage, snapshots, status; the list is in
 * {@code docs/consul-client.md}, Coverage), {@link io.cairn.consul.Consul#raw} reaches
 * the others. Start with {@link io.cairn.consul.Consul}: build one per application and
 * ask it for the client of an API area ({@code kv()}, {@code health()}, {@code agent()},
 * ...). Reads return a {@link io.cairn.consul.ConsulResponse} carrying the value and the
 * response metadata (index, known leader, ...); per-request settings go in
 * {@link io.cairn.consul.QueryOptions}. Errors are typed subclasses of
 * {@link io.cairn.consul.ConsulException}. The records of each API area are in
 * {@code io.cairn.consul.model.*}; {@code io.cairn.consul.internal} is plumbing, not API.
 */
@NullMarked
package io.cairn.consul;

import org.jspecify.annotations.NullMarked;
