package io.cairn.testkit.consul;

import java.util.Set;
import java.util.function.BiPredicate;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.SimJson.JSON;

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

	SimResponse handle(SimRequest r) throws InterruptedException {
		String what = r.segment(1);
		String name = r.rest(2);
		return switch (what) {
			case "node" -> this.raft.blocking(r, () -> {
				ArrayNode list = JSON.createArrayNode();
				this.catalog.checks(name).values().forEach((c) -> list.add(c.deepCopy()));
				return SimResponse.read(SimFilter.apply(list, r), this.catalog.index());
			});
			case "checks" -> this.raft.blocking(r,
					() -> checks(r, (node, check) -> check.path("ServiceName").asString("").equals(name)));
			case "service", "connect" -> this.cache.cached(r, this.raft.blocking(r,
					() -> SimResponse.read(SimFilter.apply(this.catalog.serviceHealth(name,
							r.has("passing") && r.flag("passing"), r.params("tag"), r, what.equals("connect")), r),
							this.catalog.index())));
			case "ingress" ->
				this.raft.blocking(r, () -> SimResponse.read(JSON.createArrayNode(), this.catalog.index()));
			case "state" -> STATES.contains(name)
					? this.raft.blocking(r,
							() -> checks(r,
									(node, check) -> name.equals("any") || check.get("Status").asString().equals(name)))
					: SimResponse.bad("Bad state: " + name);
			default -> SimResponse.noSuchPath();
		};
	}

	/** The checks of every node whose meta matches that the test keeps. */
	private SimResponse checks(SimRequest r, BiPredicate<String, ObjectNode> wanted) {
		ArrayNode list = JSON.createArrayNode();
		this.catalog.allChecks().forEach((node, byId) -> byId.values().forEach((c) -> {
			if (wanted.test(node, c) && CatalogArea.nodeMetaMatches(this.catalog.node(node), r)) {
				list.add(c.deepCopy());
			}
		}));
		return SimResponse.read(SimFilter.apply(list, r), this.catalog.index());
	}

}
