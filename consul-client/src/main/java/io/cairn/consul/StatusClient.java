package io.cairn.consul;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;

/**
 * Cluster status ({@code /v1/status}): the Raft leader and peers.
 */
public final class StatusClient {

	private static final ObjectReader TEXT = Json.reader(String.class);

	private static final ObjectReader PEERS = Json.reader(new TypeReference<List<String>>() {
	});

	private final Transport transport;

	StatusClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The Raft leader's address.
	 * @return {@code ip:port}, or an empty string when the cluster has no leader
	 */
	public String leader() {
		return leader(QueryOptions.NONE);
	}

	/**
	 * The Raft leader's address in a datacenter.
	 * @param options per-request options (datacenter)
	 * @return {@code ip:port}, or an empty string when the cluster has no leader
	 */
	public String leader(QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/status/leader", "status/leader")
				.noConsistency()
				.notFoundIsEmpty(false)
				.options(options), Decoders.<String>json(TEXT))
			.value();
	}

	/**
	 * The Raft peers.
	 * @param options per-request options (datacenter)
	 * @return the peers' {@code ip:port}
	 */
	public List<String> peers(QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/status/peers", "status/peers").noConsistency().notFoundIsEmpty(false).options(options),
				Decoders.<String>list(PEERS))
			.value();
	}

}
