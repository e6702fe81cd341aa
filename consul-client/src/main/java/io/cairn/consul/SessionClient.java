package io.cairn.consul;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.session.NewSession;
import io.cairn.consul.model.session.Session;

/**
 * Sessions ({@code /v1/session}): the basis of locks and leader election (see
 * {@link io.cairn.consul.recipe}).
 */
public final class SessionClient {

	private static final ObjectReader CREATED = Json.reader(new TypeReference<Map<String, String>>() {
	});

	private static final ObjectReader SESSIONS = Json.reader(new TypeReference<List<Session>>() {
	});

	private final Transport transport;

	SessionClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Create a session.
	 * @param session the settings
	 * @param options per-request options (datacenter, token)
	 * @return the new session's ID
	 */
	public String create(NewSession session, QueryOptions options) {
		Map<String, String> created = this.transport
			.execute(Request.put("/v1/session/create", "session/create")
				.body(Json.write(session), "application/json")
				.options(options), Decoders.<Map<String, String>>json(CREATED))
			.value();
		String id = created.get("ID");
		if (id == null) {
			throw new ConsulDecodeException(200, new byte[0], "PUT /v1/session/create",
					new IllegalArgumentException("no ID in the answer"));
		}
		return id;
	}

	/**
	 * Destroy a session (idempotent), releasing or deleting its locks.
	 * @param sessionId the session ID
	 * @return {@code true}
	 */
	public boolean destroy(String sessionId) {
		return this.transport
			.execute(
					Request.put("/v1/session/destroy/{id}", "session/destroy/" + Paths.segment(sessionId)).resendable(),
					Decoders.bool())
			.value();
	}

	/**
	 * One session.
	 * @param sessionId the session ID
	 * @param options per-request options (blocking, consistency)
	 * @return the session, empty when it does not exist (Consul answers {@code []} or
	 * {@code null})
	 */
	public ConsulResponse<Optional<Session>> info(String sessionId, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/session/info/{id}", "session/info/" + Paths.segment(sessionId)).options(options),
				Decoders.first(SESSIONS));
	}

	/**
	 * The sessions of a node.
	 * @param node the node name or ID
	 * @param options per-request options
	 * @return the sessions
	 */
	public ConsulResponse<List<Session>> node(String node, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/session/node/{node}", "session/node/" + Paths.segment(node)).options(options),
				Decoders.list(SESSIONS));
	}

	/**
	 * All sessions.
	 * @param options per-request options
	 * @return the sessions
	 */
	public ConsulResponse<List<Session>> list(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/session/list", "session/list").options(options),
				Decoders.list(SESSIONS));
	}

	/**
	 * Renew a TTL session. Consul may answer with a longer TTL than asked: renew less
	 * often then.
	 * @param sessionId the session ID
	 * @return the renewed session, empty when it no longer exists (it was invalidated)
	 */
	public Optional<Session> renew(String sessionId) {
		return this.transport
			.execute(Request.put("/v1/session/renew/{id}", "session/renew/" + Paths.segment(sessionId))
				.resendable()
				.notFoundIsEmpty(true), Decoders.<Session>first(SESSIONS))
			.value();
	}

}
