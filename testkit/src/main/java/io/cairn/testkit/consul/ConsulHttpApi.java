package io.cairn.testkit.consul;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.RouteTable.ANY;
import static io.cairn.testkit.consul.RouteTable.DELETE;
import static io.cairn.testkit.consul.RouteTable.GET;
import static io.cairn.testkit.consul.RouteTable.POST;
import static io.cairn.testkit.consul.RouteTable.PUT;

/**
 * The simulated agent's HTTP API: the routing table of every Consul endpoint served (its
 * method, path and the area's handler), the checks a request passes before it reaches its
 * endpoint (the injected faults, the ACL token, the consistency mode, {@code index} and
 * {@code wait}, a cluster leader for the servers' state), and the exchange around them
 * ({@link ExchangeCodec}). Handlers run under the {@link RaftLog}'s lock, one request at
 * a time, as Consul's servers apply one entry at a time.
 */
final class ConsulHttpApi {

	/** Bodies beyond this are refused with 413 (Consul's largest, a snapshot, fits). */
	static final int MAX_BODY = 64 << 20;

	private static final int MAX_RECORDED = 10_000;

	/** The legacy ACL endpoints (before 1.11), served without the new ACL system. */
	private static final Set<String> LEGACY_ACL = Set.of("create", "update", "destroy", "info", "clone", "list");

	private final ConsulSimulator.Settings settings;

	private final ConsulFaults faults;

	private final ConsulState state;

	private final ExchangeCodec codec;

	private final List<RecordedRequest> requests;

	private final RouteTable routes;

	ConsulHttpApi(ConsulSimulator.Settings settings, ConsulFaults faults, ConsulState state,
			List<RecordedRequest> requests) {
		this.settings = settings;
		this.faults = faults;
		this.state = state;
		this.codec = new ExchangeCodec(settings, faults);
		this.requests = requests;
		this.routes = routes(settings, state);
	}

	// ---------------------------------------------------------------- the routing table

	private static RouteTable routes(ConsulSimulator.Settings settings, ConsulState state) {
		RouteTable routes = new RouteTable();

		KvArea kv = state.kv;
		routes.add(GET, "/v1/kv/{key...}", (r, p) -> kv.get(r, p.get("key")));
		routes.add(PUT, "/v1/kv/{key...}", (r, p) -> kv.put(r, p.get("key")));
		routes.add(DELETE, "/v1/kv/{key...}", (r, p) -> kv.delete(r, p.get("key")));

		routes.add(PUT, "/v1/txn", (r, p) -> state.txn.execute(r));

		SessionArea session = state.sessions;
		routes.add(PUT, "/v1/session/create", (r, p) -> session.create(r));
		routes.add(PUT, "/v1/session/destroy/{id}", (r, p) -> session.destroy(p.get("id")));
		routes.add(PUT, "/v1/session/renew/{id}", (r, p) -> session.renew(p.get("id")));
		routes.add(ANY, "/v1/session/info/{id}", (r, p) -> session.info(r, p.get("id")));
		routes.add(ANY, "/v1/session/node/{node}", (r, p) -> session.byNode(r, p.get("node")));
		routes.add(ANY, "/v1/session/list", (r, p) -> session.list(r));

		AgentArea agent = state.agent;
		routes.add(ANY, "/v1/agent/self", (r, p) -> agent.self());
		routes.add(ANY, "/v1/agent/host", (r, p) -> agent.host());
		routes.add(ANY, "/v1/agent/version", (r, p) -> agent.version());
		routes.add(ANY, "/v1/agent/members", (r, p) -> agent.members(r));
		routes.add(PUT, "/v1/agent/join/{address}", (r, p) -> ApiResponse.ok());
		routes.add(PUT, "/v1/agent/leave", (r, p) -> ApiResponse.ok());
		routes.add(PUT, "/v1/agent/reload", (r, p) -> ApiResponse.ok());
		routes.add(PUT, "/v1/agent/force-leave/{node}", (r, p) -> agent.forceLeave(p.get("node")));
		routes.add(PUT, "/v1/agent/maintenance", (r, p) -> agent.nodeMaintenance(r));
		routes.add(ANY, "/v1/agent/metrics", (r, p) -> agent.metrics(r));
		routes.add(ANY, "/v1/agent/monitor", (r, p) -> state.log.monitor(state::isClosed));
		routes.add(PUT, "/v1/agent/token/{type}", (r, p) -> agent.updateToken(r, p.get("type")));
		routes.add(ANY, "/v1/agent/services", (r, p) -> agent.listServices(r));
		routes.add(PUT, "/v1/agent/service/register", (r, p) -> agent.registerService(r));
		routes.add(PUT, "/v1/agent/service/deregister/{id}", (r, p) -> agent.deregisterService(p.get("id")));
		routes.add(PUT, "/v1/agent/service/maintenance/{id}", (r, p) -> agent.serviceMaintenance(r, p.get("id")));
		routes.add(ANY, "/v1/agent/service/{id...}", (r, p) -> agent.service(r, p.get("id")));
		routes.add(ANY, "/v1/agent/checks", (r, p) -> agent.listChecks(r));
		routes.add(PUT, "/v1/agent/check/register", (r, p) -> agent.registerCheck(r));
		routes.add(PUT, "/v1/agent/check/deregister/{id...}", (r, p) -> agent.deregisterCheck(p.get("id")));
		routes.add(PUT, "/v1/agent/check/pass/{id...}", (r, p) -> agent.updateTtl(r, "pass", p.get("id")));
		routes.add(PUT, "/v1/agent/check/warn/{id...}", (r, p) -> agent.updateTtl(r, "warn", p.get("id")));
		routes.add(PUT, "/v1/agent/check/fail/{id...}", (r, p) -> agent.updateTtl(r, "fail", p.get("id")));
		routes.add(PUT, "/v1/agent/check/update/{id...}", (r, p) -> agent.updateTtl(r, "update", p.get("id")));
		routes.add(ANY, "/v1/agent/health/service/id/{id...}", (r, p) -> agent.health(r, "id", p.get("id")));
		routes.add(ANY, "/v1/agent/health/service/name/{name...}", (r, p) -> agent.health(r, "name", p.get("name")));

		CatalogArea catalog = state.catalog;
		routes.add(PUT, "/v1/catalog/register", (r, p) -> catalog.register(r));
		routes.add(PUT, "/v1/catalog/deregister", (r, p) -> catalog.deregister(r));
		routes.add(ANY, "/v1/catalog/datacenters", (r, p) -> catalog.listDatacenters(r));
		routes.add(ANY, "/v1/catalog/nodes", (r, p) -> catalog.listNodes(r));
		routes.add(ANY, "/v1/catalog/services", (r, p) -> catalog.listServices(r));
		routes.add(ANY, "/v1/catalog/service/{name...}", (r, p) -> catalog.serviceNodes(r, p.get("name"), false));
		routes.add(ANY, "/v1/catalog/connect/{name...}", (r, p) -> catalog.serviceNodes(r, p.get("name"), true));
		routes.add(ANY, "/v1/catalog/node/{node...}", (r, p) -> catalog.nodeServiceMap(r, p.get("node")));
		routes.add(ANY, "/v1/catalog/node-services/{node...}", (r, p) -> catalog.nodeServiceList(r, p.get("node")));
		routes.add(ANY, "/v1/catalog/gateway-services/{gateway...}", (r, p) -> catalog.gatewayServices(r));

		HealthArea health = state.health;
		routes.add(ANY, "/v1/health/node/{node...}", (r, p) -> health.nodeChecks(r, p.get("node")));
		routes.add(ANY, "/v1/health/checks/{service...}", (r, p) -> health.serviceChecks(r, p.get("service")));
		routes.add(ANY, "/v1/health/service/{service...}", (r, p) -> health.service(r, p.get("service"), false));
		routes.add(ANY, "/v1/health/connect/{service...}", (r, p) -> health.service(r, p.get("service"), true));
		routes.add(ANY, "/v1/health/ingress/{service...}", (r, p) -> health.ingress(r));
		routes.add(ANY, "/v1/health/state/{state...}", (r, p) -> health.state(r, p.get("state")));

		routes.add(PUT, "/v1/event/fire/{name...}", (r, p) -> state.events.fire(r, p.get("name")));
		routes.add(ANY, "/v1/event/list", (r, p) -> state.events.list(r));

		routes.add(ANY, "/v1/status/leader", (r, p) -> state.status.leader());
		routes.add(ANY, "/v1/status/peers", (r, p) -> state.status.peers());

		// Answered 401 while ACLs are off (see refused()).
		AclArea acl = state.acl;
		routes.add(PUT, "/v1/acl/bootstrap", (r, p) -> acl.bootstrap(r));
		routes.add(ANY, "/v1/acl/replication", (r, p) -> acl.replication());
		routes.add(PUT, "/v1/acl/token", (r, p) -> acl.createToken(r));
		routes.add(ANY, "/v1/acl/token/self", (r, p) -> acl.tokenSelf(r));
		routes.add(GET, "/v1/acl/token/{id}", (r, p) -> acl.readToken(r, p.get("id")));
		routes.add(PUT, "/v1/acl/token/{id}", (r, p) -> acl.updateToken(r, p.get("id")));
		routes.add(DELETE, "/v1/acl/token/{id}", (r, p) -> acl.deleteToken(p.get("id")));
		routes.add(PUT, "/v1/acl/token/{id}/clone", (r, p) -> acl.cloneToken(r, p.get("id")));
		routes.add(ANY, "/v1/acl/tokens", (r, p) -> acl.listTokens(r));
		routes.add(PUT, "/v1/acl/policy", (r, p) -> acl.createPolicy(r));
		routes.add(ANY, "/v1/acl/policy/name/{name...}", (r, p) -> acl.policyByName(r, p.get("name")));
		routes.add(GET, "/v1/acl/policy/{id...}", (r, p) -> acl.readPolicy(r, p.get("id")));
		routes.add(PUT, "/v1/acl/policy/{id...}", (r, p) -> acl.updatePolicy(r, p.get("id")));
		routes.add(DELETE, "/v1/acl/policy/{id...}", (r, p) -> acl.deletePolicy(p.get("id")));
		routes.add(ANY, "/v1/acl/policies", (r, p) -> acl.listPolicies(r));
		routes.add(PUT, "/v1/acl/role", (r, p) -> acl.createRole(r));
		routes.add(ANY, "/v1/acl/role/name/{name...}", (r, p) -> acl.roleByName(r, p.get("name")));
		routes.add(GET, "/v1/acl/role/{id...}", (r, p) -> acl.readRole(r, p.get("id")));
		routes.add(PUT, "/v1/acl/role/{id...}", (r, p) -> acl.updateRole(r, p.get("id")));
		routes.add(DELETE, "/v1/acl/role/{id...}", (r, p) -> acl.deleteRole(p.get("id")));
		routes.add(ANY, "/v1/acl/roles", (r, p) -> acl.listRoles(r));
		AclAuthMethods methods = acl.authMethods;
		routes.add(PUT, "/v1/acl/auth-method", (r, p) -> methods.createMethod(r));
		routes.add(GET, "/v1/acl/auth-method/{name...}", (r, p) -> methods.readMethod(r, p.get("name")));
		routes.add(PUT, "/v1/acl/auth-method/{name...}", (r, p) -> methods.updateMethod(r, p.get("name")));
		routes.add(DELETE, "/v1/acl/auth-method/{name...}", (r, p) -> methods.deleteMethod(p.get("name")));
		routes.add(ANY, "/v1/acl/auth-methods", (r, p) -> methods.listMethods(r));
		routes.add(PUT, "/v1/acl/binding-rule", (r, p) -> methods.createRule(r));
		routes.add(GET, "/v1/acl/binding-rule/{id...}", (r, p) -> methods.readRule(r, p.get("id")));
		routes.add(PUT, "/v1/acl/binding-rule/{id...}", (r, p) -> methods.updateRule(r, p.get("id")));
		routes.add(DELETE, "/v1/acl/binding-rule/{id...}", (r, p) -> methods.deleteRule(p.get("id")));
		routes.add(ANY, "/v1/acl/binding-rules", (r, p) -> methods.listRules(r));
		AclTemplatedPolicies templates = acl.templatedPolicies;
		routes.add(ANY, "/v1/acl/templated-policies", (r, p) -> templates.list());
		routes.add(GET, "/v1/acl/templated-policy/name/{name...}", (r, p) -> templates.read(p.get("name")));
		routes.add(POST, "/v1/acl/templated-policy/preview/{name...}", (r, p) -> templates.preview(r, p.get("name")));
		routes.add(POST, "/v1/acl/login", (r, p) -> acl.login());
		routes.add(POST, "/v1/acl/logout", (r, p) -> acl.logout(r));
		if (settings.legacyAcl()) {
			AclLegacy legacy = acl.legacy;
			routes.add(ANY, "/v1/acl/create", (r, p) -> legacy.create(r));
			routes.add(ANY, "/v1/acl/update", (r, p) -> legacy.update(r));
			routes.add(ANY, "/v1/acl/destroy/{id}", (r, p) -> legacy.destroy(p.get("id")));
			routes.add(ANY, "/v1/acl/clone/{id}", (r, p) -> legacy.cloneAcl(p.get("id")));
			routes.add(ANY, "/v1/acl/info/{id}", (r, p) -> legacy.info(r, p.get("id")));
			routes.add(ANY, "/v1/acl/list", (r, p) -> legacy.list(r));
		}

		QueryArea query = state.queries;
		routes.add(GET, "/v1/query", (r, p) -> query.list());
		routes.add(POST, "/v1/query", (r, p) -> query.create(r));
		routes.add(ANY, "/v1/query/{id}/execute", (r, p) -> query.execute(r, p.get("id")));
		routes.add(ANY, "/v1/query/{id}/explain", (r, p) -> query.explain(p.get("id")));
		routes.add(GET, "/v1/query/{id}", (r, p) -> query.read(p.get("id")));
		routes.add(PUT, "/v1/query/{id}", (r, p) -> query.update(r, p.get("id")));
		routes.add(DELETE, "/v1/query/{id}", (r, p) -> query.delete(p.get("id")));

		CoordinateArea coordinates = state.coordinates;
		routes.add(ANY, "/v1/coordinate/datacenters", (r, p) -> coordinates.datacenters());
		routes.add(ANY, "/v1/coordinate/nodes", (r, p) -> coordinates.nodes(r));
		routes.add(ANY, "/v1/coordinate/node/{node...}", (r, p) -> coordinates.node(r, p.get("node")));
		routes.add(PUT, "/v1/coordinate/update", (r, p) -> coordinates.update(r));

		OperatorArea operator = state.operator;
		routes.add(ANY, "/v1/operator/raft/configuration", (r, p) -> operator.raftConfiguration());
		routes.add(DELETE, "/v1/operator/raft/peer", (r, p) -> operator.removePeer(r));
		routes.add(POST, "/v1/operator/raft/transfer-leader", (r, p) -> operator.transferLeader());
		routes.add(GET, "/v1/operator/autopilot/configuration", (r, p) -> operator.autopilotConfiguration());
		routes.add(PUT, "/v1/operator/autopilot/configuration", (r, p) -> operator.updateAutopilot(r));
		routes.add(ANY, "/v1/operator/autopilot/health", (r, p) -> operator.autopilotHealth());
		routes.add(ANY, "/v1/operator/autopilot/state", (r, p) -> operator.autopilotState());
		routes.add(GET, "/v1/operator/keyring", (r, p) -> operator.listKeys(r));
		routes.add(POST, "/v1/operator/keyring", (r, p) -> operator.installKey(r));
		routes.add(PUT, "/v1/operator/keyring", (r, p) -> operator.useKey(r));
		routes.add(DELETE, "/v1/operator/keyring", (r, p) -> operator.removeKey(r));
		routes.add(ANY, "/v1/operator/usage", (r, p) -> operator.usage(r));

		routes.add(GET, "/v1/snapshot", (r, p) -> state.snapshot.save());
		routes.add(PUT, "/v1/snapshot", (r, p) -> state.snapshot.restore(r));

		ConfigArea config = state.config;
		routes.add(PUT, "/v1/config", (r, p) -> config.apply(r));
		routes.add(GET, "/v1/config/{kind}", (r, p) -> config.list(r, p.get("kind")));
		routes.add(GET, "/v1/config/{kind}/{name...}", (r, p) -> config.read(r, p.get("kind"), p.get("name")));
		routes.add(DELETE, "/v1/config/{kind}/{name...}", (r, p) -> config.delete(r, p.get("kind"), p.get("name")));

		ConnectArea connect = state.connect;
		routes.add(ANY, "/v1/connect/ca/roots", (r, p) -> connect.caRoots(r));
		routes.add(GET, "/v1/connect/ca/configuration", (r, p) -> connect.caConfiguration());
		routes.add(PUT, "/v1/connect/ca/configuration", (r, p) -> connect.updateCaConfiguration(r));
		routes.add(GET, "/v1/connect/intentions/exact", (r, p) -> connect.readIntention(r));
		routes.add(PUT, "/v1/connect/intentions/exact", (r, p) -> connect.upsertIntention(r));
		routes.add(DELETE, "/v1/connect/intentions/exact", (r, p) -> connect.deleteIntention(r));
		routes.add(ANY, "/v1/connect/intentions/match", (r, p) -> connect.matchIntentions(r));
		routes.add(ANY, "/v1/connect/intentions/check", (r, p) -> connect.checkIntention(r));
		return routes;
	}

	// ---------------------------------------------------------------- the exchange

	void handle(HttpExchange exchange) {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
				exchange.sendResponseHeaders(413, -1);
				return;
			}
			ApiRequest request = this.codec.read(exchange, body);
			if (this.settings.recordRequests() && this.requests.size() < MAX_RECORDED) {
				this.requests.add(new RecordedRequest(request.method, request.path, request.query, request.token,
						request.headers, request.body));
			}
			this.state.log.write("[DEBUG] http: Request " + request.method + " " + request.path);
			ApiResponse response = respond(request);
			if (response != null) {
				this.codec.write(exchange, request, response);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the simulator is stopping.
		}
	}

	/** The answer, or {@code null} when there is none to give (a hang cut short). */
	private @Nullable ApiResponse respond(ApiRequest request) {
		while (this.faults.hangs(request.method, request.path)) {
			if (this.state.isClosed()) {
				return null;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				return null;
			}
		}
		ConsulFaults.Failure failure = this.faults.takeFailure(request.path,
				request.query.containsKey("index") || request.query.containsKey("hash"));
		if (failure != null) {
			return ApiResponse.text(failure.status(), failure.body());
		}
		if (!request.path.startsWith("/v1/")) {
			return ApiResponse.noSuchPath();
		}
		ApiResponse refused = refused(request);
		if (refused != null) {
			return refused;
		}
		try {
			synchronized (this.state.raft) {
				return this.routes.dispatch(request);
			}
		}
		catch (InterruptedException ex) {
			return null;
		}
		catch (JacksonException ex) {
			return ApiResponse.text(400, "Request decode failed: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException | ClassCastException | NullPointerException ex) {
			return ApiResponse.text(400, "Bad request: " + ex.getMessage());
		}
	}

	/** Consul's answer to a request it refuses before its endpoint sees it, if any. */
	private @Nullable ApiResponse refused(ApiRequest request) {
		if (request.token != null && this.faults.rejectedTokens.contains(request.token)) {
			return ApiResponse.text(403, "ACL not found");
		}
		if (this.settings.aclEnabled() && !withoutToken(request)
				&& (request.token == null || !this.state.knownToken(request.token))) {
			return ApiResponse.text(403,
					(request.token == null) ? "Permission denied: anonymous token lacks permission" : "ACL not found");
		}
		if (request.query.containsKey("stale") && request.query.containsKey("consistent")) {
			return ApiResponse.text(400, "Cannot specify ?stale with ?consistent, conflicting semantics.");
		}
		if (request.query.containsKey("cached") && request.query.containsKey("consistent")) {
			return ApiResponse.text(400, "Cannot specify ?cached with ?consistent");
		}
		String index = request.param("index");
		if (index != null) {
			try {
				Long.parseUnsignedLong(index);
			}
			catch (NumberFormatException ex) {
				return ApiResponse.text(400, "Invalid index");
			}
		}
		String wait = request.param("wait");
		if (wait != null) {
			try {
				GoDuration.parse(wait);
			}
			catch (IllegalArgumentException ex) {
				return ApiResponse.text(400, "Invalid wait time");
			}
		}
		if (this.faults.noLeader && needsLeader(request)) {
			return ApiResponse.text(500, "No cluster leader");
		}
		if (!this.settings.aclEnabled() && request.segment(0).equals("acl")
				&& !LEGACY_ACL.contains(request.segment(1))) {
			return ApiResponse.text(401, "ACL support disabled");
		}
		return null;
	}

	/** The endpoints that answer without a token while ACLs are on. */
	private static boolean withoutToken(ApiRequest request) {
		return request.path.startsWith("/v1/status/") || request.path.equals("/v1/acl/bootstrap")
				|| request.path.equals("/v1/catalog/datacenters") || request.path.equals("/v1/agent/version");
	}

	/**
	 * Whether Consul answers the request only with a cluster leader: not the agent's own
	 * endpoints, the Raft status, events (gossip), the datacenter lists and the keyring,
	 * nor a stale read.
	 */
	private static boolean needsLeader(ApiRequest r) {
		String area = r.segment(0);
		if (area.equals("agent") || area.equals("status") || area.equals("event")
				|| (area.equals("catalog") && r.segment(1).equals("datacenters"))
				|| (area.equals("coordinate") && r.segment(1).equals("datacenters"))
				|| (area.equals("operator") && r.segment(1).equals("keyring"))) {
			return false;
		}
		return !(r.method.equals("GET") && r.has("stale"));
	}

}
