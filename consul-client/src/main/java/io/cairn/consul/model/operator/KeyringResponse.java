package io.cairn.consul.model.operator;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The gossip encryption keys of one ring ({@code /operator/keyring}): the WAN ring or a
 * datacenter's LAN ring.
 *
 * @param wan whether this is the WAN ring
 * @param datacenter the datacenter
 * @param segment the network segment (Enterprise), or empty
 * @param partition the admin partition (Enterprise), or {@code null}
 * @param keys each installed key (base64) with the number of nodes that have it
 * @param primaryKeys each primary key with the number of nodes that use it (Consul 1.10+)
 * @param numNodes the nodes in the ring
 * @param messages errors or notes from nodes, or {@code null}
 */
public record KeyringResponse(@JsonProperty("WAN") boolean wan, String datacenter, @Nullable String segment,
		@Nullable String partition, Map<String, Integer> keys, @Nullable Map<String, Integer> primaryKeys, int numNodes,
		@Nullable Map<String, String> messages) {
}
