package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/agent}: the local agent's services and checks (kept in the catalog under the
 * agent's node), TTL checks that turn critical when not updated in time, maintenance
 * mode, local service health, members, self, version, host, metrics and tokens.
 */
final class AgentArea {

	private static final Set<String> TOKEN_TYPES = Set.of("default", "agent", "agent_recovery", "agent_master",
			"replication", "config_file_service_registration", "acl_token", "acl_agent_token", "acl_agent_master_token",
			"acl_replication_token");

	private static final Set<String> STATUSES = Set.of("passing", "warning", "critical");

	private static final List<String> SEVERITY = List.of("passing", "warning", "critical", "maintenance");

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final ConsulFaults faults;

	private final CatalogArea catalog;

	private final KvArea kv;

	private final Map<String, Long> ttlDeadlines = new HashMap<>();

	private final Map<String, Long> ttlMillis = new HashMap<>();

	AgentArea(RaftLog raft, ConsulSimulator.Settings settings, ConsulFaults faults, CatalogArea catalog, KvArea kv) {
		this.raft = raft;
		this.settings = settings;
		this.faults = faults;
		this.catalog = catalog;
		this.kv = kv;
	}

	void reset() {
		this.ttlDeadlines.clear();
		this.ttlMillis.clear();
	}

	private String node() {
		return this.settings.nodeName();
	}

	private Map<String, ObjectNode> services() {
		return this.catalog.services(node());
	}

	private Map<String, ObjectNode> checks() {
		return this.catalog.checks(node());
	}

	/** TTL checks that ran out turn critical. */
	void tick(long nowMillis) {
		for (Map.Entry<String, Long> deadline : new ArrayList<>(this.ttlDeadlines.entrySet())) {
			if (deadline.getValue() <= nowMillis) {
				this.ttlDeadlines.remove(deadline.getKey());
				this.catalog.setCheckStatus(node(), deadline.getKey(), "critical", "TTL expired (simulated)");
			}
		}
	}

	/**
	 * Set the status of a check on the agent's node, as the agent does after running it.
	 */
	boolean setCheckStatus(String checkId, String status, String output) {
		return this.catalog.setCheckStatus(node(), checkId, status, output);
	}

	/** {@code GET /v1/agent/self}. */
	ApiResponse self() {
		ObjectNode self = JSON.createObjectNode();
		self.putObject("Config")
			.put("Datacenter", this.settings.datacenter())
			.put("NodeName", node())
			.put("NodeID", this.settings.nodeId())
			.put("Server", true)
			.put("Revision", "simulated")
			.put("Version", this.settings.version());
		self.putObject("Coord").put("Adjustment", 0).put("Error", 1.5).put("Height", 0).putArray("Vec").add(0).add(0);
		self.set("Member", member(false));
		self.putObject("Stats").putObject("consul").put("leader", Boolean.toString(!this.faults.noLeader));
		self.putObject("Meta");
		return ApiResponse.json(self);
	}

	/** {@code GET /v1/agent/host}. */
	ApiResponse host() {
		return ApiResponse.json(HostInfo.collect());
	}

	/** {@code GET /v1/agent/version}. */
	ApiResponse version() {
		return ApiResponse.json(JSON.createObjectNode()
			.put("SHA", "simulated")
			.put("BuildDate", "2023-09-20T00:00:00Z")
			.put("HumanVersion", this.settings.version())
			.put("FIPS", ""));
	}

	/** {@code GET /v1/agent/members}: the agent itself, in the LAN or WAN pool. */
	ApiResponse members(ApiRequest r) {
		return ApiResponse.json(JSON.createArrayNode().add(member(r.flag("wan"))));
	}

	private ObjectNode member(boolean wan) {
		ObjectNode member = JSON.createObjectNode();
		member.put("Name", wan ? node() + "." + this.settings.datacenter() : node());
		member.put("Addr", this.settings.address());
		member.put("Port", wan ? 8302 : 8301);
		member.putObject("Tags").put("dc", this.settings.datacenter()).put("role", "consul").put("port", "8300");
		member.put("Status", 1);
		member.put("ProtocolMin", 1).put("ProtocolMax", 5).put("ProtocolCur", 2);
		member.put("DelegateMin", 2).put("DelegateMax", 5).put("DelegateCur", 4);
		return member;
	}

	/** {@code PUT /v1/agent/force-leave/:node}: accepted, there is no other member. */
	ApiResponse forceLeave(String node) {
		return node.isEmpty() ? ApiResponse.bad("Missing node name") : ApiResponse.ok();
	}

	/** {@code PUT /v1/agent/maintenance}. */
	ApiResponse nodeMaintenance(ApiRequest r) {
		return maintenance(r, null);
	}

	/** {@code PUT /v1/agent/service/maintenance/:id}. */
	ApiResponse serviceMaintenance(ApiRequest r, String serviceId) {
		return maintenance(r, serviceId);
	}

	private ApiResponse maintenance(ApiRequest r, @Nullable String serviceId) {
		String enable = r.param("enable");
		if (enable == null) {
			return ApiResponse.bad("Missing value for enable");
		}
		if (!enable.equals("true") && !enable.equals("false")) {
			return ApiResponse.bad("Invalid value for enable: \"" + enable + "\"");
		}
		String checkId = (serviceId == null) ? "_node_maintenance" : "_service_maintenance:" + serviceId;
		if (serviceId != null && !services().containsKey(serviceId)) {
			return ApiResponse.text(404, "Unknown service ID \"" + serviceId + "\"");
		}
		long at = this.raft.next();
		if (enable.equals("true")) {
			String reason = r.param("reason");
			ObjectNode check = CatalogArea.check(node(), checkId,
					(serviceId == null) ? "Node Maintenance Mode" : "Service Maintenance Mode", "critical",
					(serviceId != null) ? serviceId : "", (serviceId != null)
							? Objects.requireNonNull(services().get(serviceId)).get("Service").asString() : "");
			check.put("Notes", (reason != null) ? reason
					: "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.");
			ConsulJson.stamp(check, at, at);
			checks().put(checkId, check);
		}
		else {
			checks().remove(checkId);
		}
		this.catalog.changedAt(at);
		return ApiResponse.ok();
	}

	/** {@code GET /v1/agent/metrics}, as JSON or in Prometheus' format. */
	ApiResponse metrics(ApiRequest r) {
		long index = this.raft.index();
		if ("prometheus".equals(r.param("format"))) {
			return ApiResponse.text(200, "# TYPE consul_raft_apply counter\nconsul_raft_apply " + index + "\n");
		}
		ObjectNode metrics = JSON.createObjectNode();
		metrics.put("Timestamp", "2023-09-20 00:00:00 +0000 UTC");
		metrics.putArray("Gauges")
			.addObject()
			.put("Name", "consul.kv.entries")
			.put("Value", this.kv.size())
			.putObject("Labels");
		metrics.putArray("Points");
		metrics.putArray("Counters")
			.addObject()
			.put("Name", "consul.raft.apply")
			.put("Count", index)
			.put("Sum", index)
			.put("Min", 1)
			.put("Max", 1)
			.put("Mean", 1)
			.put("Stddev", 0)
			.putObject("Labels");
		metrics.putArray("Samples");
		return ApiResponse.json(metrics);
	}

	/** {@code PUT /v1/agent/token/:type}: accepted for a known type, not kept. */
	ApiResponse updateToken(ApiRequest r, String type) {
		if (!TOKEN_TYPES.contains(type)) {
			return ApiResponse.text(404, "Token \"" + type + "\" is unknown");
		}
		JsonNode body = JSON.readTree(r.body);
		if (body == null || !body.has("Token")) {
			return ApiResponse.bad("Request decode failed: missing Token");
		}
		return ApiResponse.ok();
	}

	// ---------------------------------------------------------------- services

	private static ObjectNode withoutIndexes(ObjectNode service) {
		ObjectNode copy = service.deepCopy();
		copy.remove("CreateIndex");
		copy.remove("ModifyIndex");
		return copy;
	}

	/** {@code GET /v1/agent/services}: the local services but Consul's own, filtered. */
	ApiResponse listServices(ApiRequest r) {
		return ApiResponse.json(FilterExpression.applyToValues(localServices(), r));
	}

	/** {@code GET /v1/agent/checks}: the local checks but serfHealth, filtered. */
	ApiResponse listChecks(ApiRequest r) {
		return ApiResponse.json(FilterExpression.applyToValues(localChecks(), r));
	}

	private ObjectNode localServices() {
		ObjectNode map = JSON.createObjectNode();
		services().forEach((id, service) -> {
			if (!id.equals("consul")) {
				map.set(id, withoutIndexes(service));
			}
		});
		return map;
	}

	private ObjectNode localChecks() {
		ObjectNode map = JSON.createObjectNode();
		checks().forEach((id, check) -> {
			if (!id.equals("serfHealth")) {
				map.set(id, check.deepCopy());
			}
		});
		return map;
	}

	/**
	 * {@code GET /v1/agent/service/:id}: one local service, blocking on its content hash
	 * with {@code ?hash}.
	 */
	ApiResponse service(ApiRequest r, String id) throws InterruptedException {
		String wanted = r.param("hash");
		long deadline = System.nanoTime() + ((wanted != null) ? this.raft.waitNanos(r) : 0);
		while (true) {
			ObjectNode service = services().get(id);
			if (service == null || id.equals("consul")) {
				return ApiResponse.text(404, "unknown service ID: " + id);
			}
			ObjectNode copy = withoutIndexes(service);
			String hash = String.format("%016x", (long) copy.toString().hashCode() * 0x9E3779B97F4A7C15L);
			if (wanted == null || !wanted.equals(hash) || !this.raft.awaitChange(deadline)) {
				copy.put("ContentHash", hash);
				return ApiResponse.json(copy).header("X-Consul-ContentHash", hash);
			}
		}
	}

	/** {@code PUT /v1/agent/service/register}, with the service's checks. */
	ApiResponse registerService(ApiRequest r) {
		JsonNode body;
		try {
			body = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return ApiResponse.bad("Request decode failed: " + ex.getMessage());
		}
		if (body == null || !body.isObject()) {
			return ApiResponse.bad("Request decode failed: expected an object");
		}
		String name = body.path("Name").asString("");
		if (name.isEmpty()) {
			return ApiResponse.bad("Invalid Service: Missing service name");
		}
		String id = body.path("ID").asString("");
		if (id.isEmpty()) {
			id = name;
		}
		List<String> tags = new ArrayList<>();
		body.path("Tags").forEach((tag) -> tags.add(tag.asString()));
		ObjectNode service = this.catalog.service(id, name, tags, body.path("Address").asString(""),
				body.path("Port").asInt(0));
		copyFields(body, service, "Meta", "TaggedAddresses", "Weights");
		if (body.hasNonNull("Kind")) {
			service.put("Kind", body.get("Kind").asString());
		}
		copyFields(body, service, "Connect", "Proxy");
		service.put("EnableTagOverride", body.path("EnableTagOverride").asBoolean(false));
		List<JsonNode> serviceChecks = new ArrayList<>();
		if (body.hasNonNull("Check")) {
			serviceChecks.add(body.get("Check"));
		}
		body.path("Checks").forEach(serviceChecks::add);
		long at = this.raft.next();
		ObjectNode existing = services().get(id);
		ConsulJson.stamp(service, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
		services().put(id, service);
		if (r.has("replace-existing-checks")) {
			String serviceId = id;
			checks().values().removeIf((c) -> c.path("ServiceID").asString("").equals(serviceId));
		}
		int position = 1;
		for (JsonNode definition : serviceChecks) {
			String checkId = definition.path("CheckID").asString(definition.path("ID").asString(""));
			if (checkId.isEmpty()) {
				checkId = "service:" + id + ((serviceChecks.size() > 1) ? ":" + position : "");
			}
			String checkName = definition.path("Name").asString("Service '" + name + "' check");
			addCheck(definition, checkId, checkName, id, name, tags, at);
			position++;
		}
		this.catalog.changedAt(at);
		return ApiResponse.ok();
	}

	private static void copyFields(JsonNode from, ObjectNode to, String... fields) {
		for (String field : fields) {
			if (from.hasNonNull(field)) {
				to.set(field, from.get(field).deepCopy());
			}
		}
	}

	/** {@code PUT /v1/agent/service/deregister/:id}, with the service's checks. */
	ApiResponse deregisterService(String id) {
		if (services().remove(id) != null) {
			long at = this.raft.next();
			for (Iterator<Map.Entry<String, ObjectNode>> it = checks().entrySet().iterator(); it.hasNext();) {
				Map.Entry<String, ObjectNode> check = it.next();
				if (check.getValue().path("ServiceID").asString("").equals(id)) {
					this.ttlDeadlines.remove(check.getKey());
					it.remove();
				}
			}
			this.catalog.changedAt(at);
		}
		return ApiResponse.ok();
	}

	// ---------------------------------------------------------------- checks

	private void addCheck(JsonNode definition, String checkId, String name, String serviceId, String serviceName,
			List<String> tags, long at) {
		String ttl = definition.path("TTL").asString("");
		String status = definition.path("Status").asString("");
		if (status.isEmpty()) {
			status = "critical";
		}
		ObjectNode check = CatalogArea.check(node(), checkId, name, status, serviceId, serviceName);
		ArrayNode tagNode = check.putArray("ServiceTags");
		tags.forEach(tagNode::add);
		check.put("Notes", definition.path("Notes").asString(""));
		check.put("Type", !ttl.isEmpty() ? "ttl" : definition.hasNonNull("HTTP") ? "http"
				: definition.hasNonNull("TCP") ? "tcp" : definition.hasNonNull("GRPC") ? "grpc" : "script");
		check.put("Interval", definition.path("Interval").asString(""));
		check.put("Timeout", definition.path("Timeout").asString(""));
		ObjectNode definitionCopy = check.putObject("Definition");
		for (String field : List.of("HTTP", "TCP", "Interval", "Timeout", "DeregisterCriticalServiceAfter")) {
			if (definition.hasNonNull(field)) {
				definitionCopy.put(field, definition.get(field).asString());
			}
		}
		ConsulJson.stamp(check, at, at);
		checks().put(checkId, check);
		if (!ttl.isEmpty()) {
			long millis = GoDuration.parse(ttl).toMillis();
			this.ttlMillis.put(checkId, millis);
			this.ttlDeadlines.put(checkId, System.currentTimeMillis() + millis);
		}
	}

	/** {@code PUT /v1/agent/check/register}. */
	ApiResponse registerCheck(ApiRequest r) {
		JsonNode body;
		try {
			body = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return ApiResponse.bad("Request decode failed: " + ex.getMessage());
		}
		String name = (body != null) ? body.path("Name").asString("") : "";
		if (name.isEmpty()) {
			return ApiResponse.bad("Missing check name");
		}
		String id = body.path("ID").asString("");
		if (id.isEmpty()) {
			id = name;
		}
		String serviceId = body.path("ServiceID").asString("");
		String serviceName = "";
		List<String> tags = new ArrayList<>();
		if (!serviceId.isEmpty()) {
			ObjectNode service = services().get(serviceId);
			if (service == null) {
				return ApiResponse.bad("ServiceID \"" + serviceId + "\" does not exist");
			}
			serviceName = service.get("Service").asString();
			service.path("Tags").forEach((tag) -> tags.add(tag.asString()));
		}
		long at = this.raft.next();
		addCheck(body, id, name, serviceId, serviceName, tags, at);
		this.catalog.changedAt(at);
		return ApiResponse.ok();
	}

	/** {@code PUT /v1/agent/check/deregister/:id}. */
	ApiResponse deregisterCheck(String checkId) {
		if (checks().remove(checkId) != null) {
			this.ttlDeadlines.remove(checkId);
			this.catalog.changedAt(this.raft.next());
		}
		return ApiResponse.ok();
	}

	/**
	 * {@code PUT /v1/agent/check/:action/:id}: {@code pass}, {@code warn}, {@code fail}
	 * or {@code update} a TTL check.
	 */
	ApiResponse updateTtl(ApiRequest r, String action, String checkId) {
		ObjectNode check = checks().get(checkId);
		if (check == null) {
			return ApiResponse.text(404,
					"Unknown check ID \"" + checkId + "\". Ensure that the check ID is passed, not the check name.");
		}
		if (!"ttl".equals(check.path("Type").asString(""))) {
			return ApiResponse.text(500, "CheckID \"" + checkId + "\" does not have associated TTL");
		}
		String status;
		String output;
		if (action.equals("update")) {
			JsonNode body = JSON.readTree(r.body);
			status = (body != null) ? body.path("Status").asString("") : "";
			output = (body != null) ? body.path("Output").asString("") : "";
			if (!STATUSES.contains(status)) {
				return ApiResponse.bad("Invalid check status: \"" + status + "\"");
			}
		}
		else {
			status = switch (action) {
				case "pass" -> "passing";
				case "warn" -> "warning";
				default -> "critical";
			};
			output = (r.param("note") != null) ? r.param("note") : "";
		}
		Long ttl = this.ttlMillis.get(checkId);
		if (ttl != null) {
			this.ttlDeadlines.put(checkId, System.currentTimeMillis() + ttl);
		}
		this.catalog.setCheckStatus(node(), checkId, status, output);
		return ApiResponse.ok();
	}

	// ---------------------------------------------------------------- local health

	/**
	 * {@code GET /v1/agent/health/service/name/:name} or
	 * {@code /v1/agent/health/service/id/:id}: the local instances' worst status.
	 * @param by {@code name} or {@code id}
	 */
	ApiResponse health(ApiRequest r, String by, String value) {
		if (value.isEmpty()) {
			return ApiResponse.bad("Missing service " + by);
		}
		ArrayNode matches = JSON.createArrayNode();
		String worst = "passing";
		for (ObjectNode service : services().values()) {
			String id = service.get("ID").asString();
			boolean match = by.equals("id") ? id.equals(value) : service.get("Service").asString().equals(value);
			if (id.equals("consul") || !match) {
				continue;
			}
			ArrayNode serviceChecks = JSON.createArrayNode();
			String status = "passing";
			for (ObjectNode check : checks().values()) {
				if (check.path("ServiceID").asString("").equals(id)) {
					serviceChecks.add(check.deepCopy());
					status = worse(status, check.get("Status").asString());
				}
			}
			worst = worse(worst, status);
			ObjectNode entry = JSON.createObjectNode();
			entry.put("AggregatedStatus", status);
			entry.set("Service", withoutIndexes(service));
			entry.set("Checks", serviceChecks);
			matches.add(entry);
		}
		if (matches.isEmpty()) {
			return ApiResponse.text(404, "ServiceId " + value + " not found");
		}
		int status = switch (worst) {
			case "passing" -> 200;
			case "warning" -> 429;
			default -> 503;
		};
		if ("text".equals(r.param("format"))) {
			return ApiResponse.text(status, worst);
		}
		return ApiResponse.json(status, by.equals("id") ? matches.get(0) : matches);
	}

	private static String worse(String a, String b) {
		return (SEVERITY.indexOf(b) > SEVERITY.indexOf(a)) ? b : a;
	}

	boolean hasService(String id) {
		return services().containsKey(id);
	}

}
