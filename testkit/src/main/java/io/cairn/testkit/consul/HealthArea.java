package io.cairn.testkit.consul;

import java.util.Set;
import java.util.function.BiPredicate;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/health}: checks by node, service and state, and service instances with their
 * checks, read from the catalog (blocking on the catalog index, with the agent cache).
 */
final class HealthArea {

	private static final Set<String> STATES = Set.of("any", "passing", "warning", "critical");

	private final RaftLog raft;

	private final CatalogArea catalog;

	private final AgentCache cache;

	HealthArea(RaftLog raft, CatalogArea catalog, AgentCache cache) {
		this.raft = raft;
		this.catalog = catalog;
		this.cache = cache;
	}

	/** {@code GET /v1/health/node/:node}: the node's checks. */
	ApiResponse nodeChecks(ApiRequest r, String node) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			this.catalog.checks(node).values().forEach((c) -> list.add(c.deepCopy()));
			return ApiResponse.read(FilterExpression.apply(list, r), this.catalog.index());
		});
	}

	/** {@code GET /v1/health/checks/:service}: the service's checks. */
	ApiResponse serviceChecks(ApiRequest r, String service) throws InterruptedException {
		return this.raft.blocking(r,
				() -> checks(r, (node, check) -> check.path("ServiceName").asString("").equals(service)));
	}

	/**
	 * {@code GET /v1/health/service/:service} or, for Connect,
	 * {@code /v1/health/connect/:service}: the instances with their nodes and checks.
	 */
	ApiResponse service(ApiRequest r, String service, boolean connect) throws InterruptedException {
		return this.cache.cached(r,
				this.raft.blocking(r,
						() -> ApiResponse.read(
								FilterExpression.apply(this.catalog.serviceHealth(service,
										r.has("passing") && r.flag("passing"), r.params("tag"), r, connect), r),
								this.catalog.index())));
	}

	/** {@code GET /v1/health/ingress/:service}: none, no gateway is simulated. */
	ApiResponse ingress(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, () -> ApiResponse.read(JSON.createArrayNode(), this.catalog.index()));
	}

	/** {@code GET /v1/health/state/:state}: the checks in a state, or {@code any}. */
	ApiResponse state(ApiRequest r, String state) throws InterruptedException {
		if (!STATES.contains(state)) {
			return ApiResponse.bad("Bad state: " + state);
		}
		return this.raft.blocking(r,
				() -> checks(r, (node, check) -> state.equals("any") || check.get("Status").asString().equals(state)));
	}

	/** The checks of every node whose meta matches that the test keeps. */
	private ApiResponse checks(ApiRequest r, BiPredicate<String, ObjectNode> wanted) {
		ArrayNode list = JSON.createArrayNode();
		this.catalog.allChecks().forEach((node, byId) -> byId.values().forEach((c) -> {
			if (wanted.test(node, c) && CatalogArea.nodeMetaMatches(this.catalog.node(node), r)) {
				list.add(c.deepCopy());
			}
		}));
		return ApiResponse.read(FilterExpression.apply(list, r), this.catalog.index());
	}

}
