package io.cairn.consul;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.operator.RaftConfiguration;

/**
 * Raft operations ({@code /v1/operator/raft}): read the configuration, remove a peer,
 * transfer leadership.
 */
public final class OperatorClient {

	private static final ObjectReader CONFIGURATION = Json.reader(RaftConfiguration.class);

	private static final ObjectReader SUCCESS = Json.reader(new TypeReference<Map<String, Object>>() {
	});

	private final Transport transport;

	OperatorClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The Raft configuration. Use {@link QueryOptions#stale()} to read it without a
	 * leader.
	 * @param options per-request options
	 * @return the configuration
	 */
	public ConsulResponse<RaftConfiguration> raftConfiguration(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/operator/raft/configuration", "operator/raft/configuration")
			.notFoundIsEmpty(false)
			.options(options), Decoders.json(CONFIGURATION));
	}

	/**
	 * Remove a Raft peer by server ID.
	 * @param id the server ID
	 */
	public void removePeerById(String id) {
		this.transport.execute(Request.delete("/v1/operator/raft/peer", "operator/raft/peer").param("id", id),
				Decoders.ignore());
	}

	/**
	 * Remove a Raft peer by address.
	 * @param address the {@code ip:port}
	 */
	public void removePeerByAddress(String address) {
		this.transport.execute(Request.delete("/v1/operator/raft/peer", "operator/raft/peer").param("address", address),
				Decoders.ignore());
	}

	/**
	 * Transfer leadership to a server, or to a random one (Consul 1.15+).
	 * @param id the server ID, or {@code null} for any
	 * @return whether Consul reported success
	 */
	public boolean transferLeader(@org.jspecify.annotations.Nullable String id) {
		Map<String, Object> answer = this.transport
			.execute(Request.post("/v1/operator/raft/transfer-leader", "operator/raft/transfer-leader").param("id", id),
					Decoders.<Map<String, Object>>json(SUCCESS))
			.value();
		return Boolean.TRUE.equals(answer.get("Success"));
	}

}
