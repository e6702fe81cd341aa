package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/query}: prepared queries by ID or name, executed against the catalog's
 * health (only passing, or passing and warning, instances), explained, and removed when
 * the session they are bound to ends.
 */
final class QueryArea {

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final CatalogArea catalog;

	private final AgentCache cache;

	private final Map<String, ObjectNode> queries = new LinkedHashMap<>();

	QueryArea(RaftLog raft, ConsulSimulator.Settings settings, CatalogArea catalog, AgentCache cache) {
		this.raft = raft;
		this.settings = settings;
		this.catalog = catalog;
		this.cache = cache;
	}

	void reset() {
		this.queries.clear();
	}

	/** A session ended: the queries bound to it go. */
	void sessionEnded(String sessionId) {
		this.queries.values().removeIf((query) -> sessionId.equals(query.path("Session").asString("")));
	}

	/** {@code GET /v1/query}. */
	ApiResponse list() {
		ArrayNode list = JSON.createArrayNode();
		this.queries.values().forEach((q) -> list.add(q.deepCopy()));
		return ApiResponse.read(list, this.raft.index());
	}

	/** {@code GET /v1/query/:id}, by ID or name. */
	ApiResponse read(String id) {
		return withQuery(id,
				(query) -> ApiResponse.read(JSON.createArrayNode().add(query.deepCopy()), this.raft.index()));
	}

	/** {@code PUT /v1/query/:id}. */
	ApiResponse update(ApiRequest r, String id) {
		return withQuery(id, (query) -> update(r, query));
	}

	/** {@code DELETE /v1/query/:id}. */
	ApiResponse delete(String id) {
		return withQuery(id, (query) -> {
			this.queries.remove(query.get("ID").asString());
			return ApiResponse.ok();
		});
	}

	/** {@code GET /v1/query/:id/execute}. */
	ApiResponse execute(ApiRequest r, String id) {
		return withQuery(id, (query) -> execute(r, query));
	}

	/** {@code GET /v1/query/:id/explain}. */
	ApiResponse explain(String id) {
		return withQuery(id, (query) -> ApiResponse.json(JSON.createObjectNode().set("Query", query.deepCopy())));
	}

	private ApiResponse withQuery(String idOrName, Function<ObjectNode, ApiResponse> answer) {
		ObjectNode query = find(idOrName);
		return (query != null) ? answer.apply(query) : ApiResponse.text(404, "Query not found");
	}

	/** {@code POST /v1/query}. */
	ApiResponse create(ApiRequest r) {
		JsonNode body = JSON.readTree(r.body);
		if (body == null || body.path("Service").path("Service").asString("").isEmpty()) {
			return ApiResponse.bad("Must provide a Service name to query");
		}
		ObjectNode query = ((ObjectNode) body).deepCopy();
		String newId = UUID.randomUUID().toString();
		query.put("ID", newId);
		long at = this.raft.next();
		query.putObject("RaftIndex").put("CreateIndex", at).put("ModifyIndex", at);
		ConsulJson.stamp(query, at, at);
		this.queries.put(newId, query);
		return ApiResponse.json(JSON.createObjectNode().put("ID", newId));
	}

	private ApiResponse update(ApiRequest r, ObjectNode query) {
		ObjectNode updated = ((ObjectNode) JSON.readTree(r.body)).deepCopy();
		updated.put("ID", query.get("ID").asString());
		long at = this.raft.next();
		updated.putObject("RaftIndex").put("CreateIndex", query.get("CreateIndex").asLong()).put("ModifyIndex", at);
		ConsulJson.stamp(updated, query.get("CreateIndex").asLong(), at);
		this.queries.put(query.get("ID").asString(), updated);
		return ApiResponse.ok();
	}

	private ApiResponse execute(ApiRequest r, ObjectNode query) {
		String service = query.path("Service").path("Service").asString();
		boolean onlyPassing = query.path("Service").path("OnlyPassing").asBoolean(false);
		ArrayNode nodes = JSON.createArrayNode();
		for (JsonNode entry : this.catalog.serviceHealth(service, false, List.of(), r, false)) {
			boolean keep = true;
			for (JsonNode check : entry.get("Checks")) {
				String status = check.get("Status").asString();
				keep &= status.equals("passing") || (!onlyPassing && status.equals("warning"));
			}
			if (keep) {
				nodes.add(entry);
			}
		}
		int limit = (r.param("limit") != null) ? Integer.parseInt(r.param("limit")) : 0;
		while (limit > 0 && nodes.size() > limit) {
			nodes.remove(nodes.size() - 1);
		}
		ObjectNode result = JSON.createObjectNode();
		result.put("Service", service);
		result.set("Nodes", nodes);
		result.set("DNS",
				query.path("DNS").isObject() ? query.get("DNS").deepCopy() : JSON.createObjectNode().put("TTL", ""));
		result.put("Datacenter", this.settings.datacenter());
		result.put("Failovers", 0);
		return this.cache.cached(r, ApiResponse.json(result));
	}

	private @Nullable ObjectNode find(String idOrName) {
		ObjectNode byId = this.queries.get(idOrName);
		if (byId != null) {
			return byId;
		}
		return this.queries.values()
			.stream()
			.filter((q) -> q.path("Name").asString("").equals(idOrName))
			.findFirst()
			.orElse(null);
	}

}
