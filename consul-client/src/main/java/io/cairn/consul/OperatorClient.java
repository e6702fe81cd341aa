package io.cairn.consul;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.operator.AutopilotConfiguration;
import io.cairn.consul.model.operator.AutopilotHealth;
import io.cairn.consul.model.operator.AutopilotState;
import io.cairn.consul.model.operator.KeyringResponse;
import io.cairn.consul.model.operator.RaftConfiguration;
import io.cairn.consul.model.operator.Usage;

/**
 * Operator tasks ({@code /v1/operator}): the Raft configuration, peer removal and
 * leadership transfer; autopilot's configuration, health and state; the gossip keyring
 * (list, install, use, remove); usage counts.
 */
public final class OperatorClient {

	private static final ObjectReader CONFIGURATION = Json.reader(RaftConfiguration.class);

	private static final ObjectReader SUCCESS = Json.reader(new TypeReference<Map<String, Object>>() {
	});

	private static final ObjectReader AUTOPILOT = Json.reader(AutopilotConfiguration.class);

	private static final ObjectReader AUTOPILOT_HEALTH = Json.reader(AutopilotHealth.class);

	private static final ObjectReader AUTOPILOT_STATE = Json.reader(AutopilotState.class);

	private static final ObjectReader KEYRING = Json.reader(new TypeReference<List<KeyringResponse>>() {
	});

	private static final ObjectReader USAGE = Json.reader(Usage.class);

	private static final int MAX_RELAY_FACTOR = 5;

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
	public boolean transferLeader(@Nullable String id) {
		Map<String, Object> answer = this.transport
			.execute(Request.post("/v1/operator/raft/transfer-leader", "operator/raft/transfer-leader").param("id", id),
					Decoders.<Map<String, Object>>json(SUCCESS))
			.value();
		return Boolean.TRUE.equals(answer.get("Success"));
	}

	// ---------------------------------------------------------------- autopilot

	/**
	 * Autopilot's configuration.
	 * @param options per-request options ({@link QueryOptions#stale()} to read it without
	 * a leader)
	 * @return the configuration
	 */
	public ConsulResponse<AutopilotConfiguration> autopilotConfiguration(QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/operator/autopilot/configuration", "operator/autopilot/configuration")
				.notFoundIsEmpty(false)
				.options(options), Decoders.json(AUTOPILOT));
	}

	/**
	 * Replace autopilot's configuration.
	 * @param configuration the configuration
	 * @return whether Consul stored it
	 */
	public boolean updateAutopilotConfiguration(AutopilotConfiguration configuration) {
		return this.transport
			.execute(Request.put("/v1/operator/autopilot/configuration", "operator/autopilot/configuration")
				.body(Json.write(configuration), "application/json")
				.resendable(), Decoders.bool())
			.value();
	}

	/**
	 * Replace autopilot's configuration only if it is unchanged since it was read.
	 * @param configuration the configuration
	 * @param index the modify index it was read at
	 * @return {@code false} when it changed in between
	 */
	public boolean casAutopilotConfiguration(AutopilotConfiguration configuration, long index) {
		return this.transport
			.execute(Request.put("/v1/operator/autopilot/configuration", "operator/autopilot/configuration")
				.param("cas", Long.toUnsignedString(index))
				.body(Json.write(configuration), "application/json"), Decoders.bool())
			.value();
	}

	/**
	 * The servers' health as autopilot sees it. Consul answers 429 when the cluster is
	 * unhealthy: that answer is read as a value too, with
	 * {@link AutopilotHealth#healthy()} false.
	 * @param options per-request options
	 * @return the health
	 */
	public ConsulResponse<AutopilotHealth> autopilotHealth(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/operator/autopilot/health", "operator/autopilot/health")
			.noConsistency()
			.notFoundIsEmpty(false)
			.answers(429)
			.options(options), Decoders.json(AUTOPILOT_HEALTH));
	}

	/**
	 * Autopilot's full state (Consul 1.9+).
	 * @param options per-request options
	 * @return the state
	 */
	public ConsulResponse<AutopilotState> autopilotState(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/operator/autopilot/state", "operator/autopilot/state")
			.noConsistency()
			.notFoundIsEmpty(false)
			.options(options), Decoders.json(AUTOPILOT_STATE));
	}

	// ---------------------------------------------------------------- keyring

	/**
	 * The gossip keys of every ring (WAN, and each datacenter's LAN).
	 * @param localOnly only this datacenter's servers, no WAN traffic
	 * @param relayFactor relay the answers through this many other nodes (0 to 5)
	 * @param options per-request options (datacenter, token)
	 * @return a ring per answer
	 */
	public List<KeyringResponse> keyringList(boolean localOnly, int relayFactor, QueryOptions options) {
		if (relayFactor < 0 || relayFactor > MAX_RELAY_FACTOR) {
			throw new IllegalArgumentException("The relay factor must be from 0 to 5, not " + relayFactor);
		}
		return this.transport
			.execute(Request.get("/v1/operator/keyring", "operator/keyring")
				.noConsistency()
				.notFoundIsEmpty(false)
				.flag("local-only", localOnly)
				.param("relay-factor", (relayFactor > 0) ? relayFactor : null)
				.options(options), Decoders.<KeyringResponse>list(KEYRING))
			.value();
	}

	/**
	 * Install a new gossip key on every node (it is not used to encrypt until
	 * {@link #keyringUse}).
	 * @param key the key: base64 of 16, 24 or 32 bytes
	 */
	public void keyringInstall(String key) {
		keyring(Request.post("/v1/operator/keyring", "operator/keyring").resendable(), key);
	}

	/**
	 * Make an installed key the one that encrypts.
	 * @param key the key
	 */
	public void keyringUse(String key) {
		keyring(Request.put("/v1/operator/keyring", "operator/keyring").resendable(), key);
	}

	/**
	 * Remove a key from every node (not the one in use).
	 * @param key the key
	 */
	public void keyringRemove(String key) {
		keyring(Request.delete("/v1/operator/keyring", "operator/keyring"), key);
	}

	private void keyring(Request request, String key) {
		if (key.isBlank()) {
			throw new IllegalArgumentException("A gossip key must not be empty");
		}
		this.transport.execute(request.body(Json.write(Map.of("Key", key)), "application/json"), Decoders.ignore());
	}

	// ---------------------------------------------------------------- usage

	/**
	 * Services, instances and nodes counted by datacenter.
	 * @param global every known datacenter instead of this one
	 * @param options per-request options (blocking, consistency)
	 * @return the counts
	 */
	public ConsulResponse<Usage> usage(boolean global, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/operator/usage", "operator/usage")
			.notFoundIsEmpty(false)
			.flag("global", global)
			.options(options), Decoders.json(USAGE));
	}

}
