package io.cairn.consul.model.catalog;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A catalog node (also the node of a transaction operation).
 *
 * @param id the node ID (a UUID)
 * @param node the node name
 * @param address the node address
 * @param datacenter the datacenter
 * @param taggedAddresses tagged addresses such as {@code lan} and {@code wan}
 * @param meta node metadata ({@code NodeMeta} in prepared query results)
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record Node(@JsonProperty("ID") @Nullable String id, String node, @Nullable String address,
		@Nullable String datacenter, @Nullable Map<String, String> taggedAddresses,
		@JsonAlias("NodeMeta") @Nullable Map<String, String> meta, long createIndex, long modifyIndex) {

	/**
	 * A node to write (catalog registration or transaction).
	 * @param node the node name
	 * @param address the address
	 * @return the node
	 */
	public static Node of(String node, String address) {
		return new Node(null, node, address, null, null, null, 0, 0);
	}

}
