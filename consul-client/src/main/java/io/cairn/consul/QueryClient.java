package io.cairn.consul;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.query.PreparedQuery;
import io.cairn.consul.model.query.QueryExplanation;
import io.cairn.consul.model.query.QueryResult;

/**
 * Prepared queries ({@code /v1/query}): create, list, read, update, delete, execute and
 * explain. Prepared queries do not support blocking.
 */
public final class QueryClient {

	private static final ObjectReader QUERIES = Json.reader(new TypeReference<List<PreparedQuery>>() {
	});

	private static final ObjectReader RESULT = Json.reader(QueryResult.class);

	private static final ObjectReader EXPLANATION = Json.reader(QueryExplanation.class);

	private static final ObjectReader ID = Json.reader(new TypeReference<Map<String, String>>() {
	});

	private final Transport transport;

	QueryClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Create a prepared query.
	 * @param query the definition
	 * @param options per-request options (datacenter, token)
	 * @return the new query's ID
	 */
	public String create(PreparedQuery query, QueryOptions options) {
		Map<String, String> answer = this.transport
			.execute(Request.post("/v1/query", "query").body(Json.write(query), "application/json").options(options),
					Decoders.<Map<String, String>>json(ID))
			.value();
		String id = answer.get("ID");
		if (id == null) {
			throw new ConsulDecodeException(200, new byte[0], "POST /v1/query", new IllegalArgumentException("no ID"));
		}
		return id;
	}

	/**
	 * All prepared queries.
	 * @param options per-request options
	 * @return the queries
	 */
	public ConsulResponse<List<PreparedQuery>> list(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/query", "query").options(options), Decoders.list(QUERIES));
	}

	/**
	 * One prepared query.
	 * @param id the query ID
	 * @param options per-request options
	 * @return the query, empty when unknown
	 */
	public ConsulResponse<Optional<PreparedQuery>> read(String id, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/query/{id}", "query/" + Paths.segment(id)).options(options),
				Decoders.first(QUERIES));
	}

	/**
	 * Replace a prepared query's definition.
	 * @param id the query ID
	 * @param query the new definition
	 */
	public void update(String id, PreparedQuery query) {
		this.transport.execute(
				Request.put("/v1/query/{id}", "query/" + Paths.segment(id)).body(Json.write(query), "application/json"),
				Decoders.ignore());
	}

	/**
	 * Delete a prepared query.
	 * @param id the query ID
	 */
	public void delete(String id) {
		this.transport.execute(Request.delete("/v1/query/{id}", "query/" + Paths.segment(id)), Decoders.ignore());
	}

	/**
	 * Execute a prepared query.
	 * @param idOrName the ID, the name, or a name matching a template
	 * @param near sort near this node ({@code _agent}, {@code _ip}), or {@code null}
	 * @param limit the most instances to return, 0 for all
	 * @param options per-request options (datacenter, consistency, cached)
	 * @return the result
	 * @throws ConsulNotFoundException when no query matches
	 */
	public ConsulResponse<QueryResult> execute(String idOrName, @Nullable String near, int limit,
			QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/query/{id}/execute", "query/" + Paths.segment(idOrName) + "/execute")
				.notFoundIsEmpty(false)
				.param("near", near)
				.param("limit", (limit > 0) ? limit : null)
				.options(options), Decoders.json(RESULT));
	}

	/**
	 * Render a prepared query for a name (after template interpolation).
	 * @param idOrName the ID, the name, or a name matching a template
	 * @param options per-request options
	 * @return the rendered query
	 * @throws ConsulNotFoundException when no query matches
	 */
	public ConsulResponse<QueryExplanation> explain(String idOrName, QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/query/{id}/explain", "query/" + Paths.segment(idOrName) + "/explain")
				.notFoundIsEmpty(false)
				.options(options), Decoders.json(EXPLANATION));
	}

}
