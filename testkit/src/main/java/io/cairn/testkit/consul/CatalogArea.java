package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/catalog} and the catalog itself: nodes, their services and checks (the
 * agent's own node included), with one catalog index. The agent, health, transaction,
 * prepared query and coordinate areas read and change it through the methods here; a node
 * that leaves or a check that turns critical ends the sessions bound to it.
 */
final class CatalogArea {

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final SessionArea sessions;

	private final AgentCache cache;

	private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();

	private final Map<String, Map<String, ObjectNode>> services = new LinkedHashMap<>();

	private final Map<String, Map<String, ObjectNode>> checks = new LinkedHashMap<>();

	private long catalogIndex;

	CatalogArea(RaftLog raft, ConsulSimulator.Settings settings, SessionArea sessions, AgentCache cache) {
		this.raft = raft;
		this.settings = settings;
		this.sessions = sessions;
		this.cache = cache;
	}

	/**
	 * Forget every node but the agent's own, with its {@code consul} service and serf
	 * check.
	 */
	void reset(long start) {
		this.nodes.clear();
		this.services.clear();
		this.checks.clear();
		this.catalogIndex = start;
		ObjectNode node = JSON.createObjectNode();
		node.put("ID", this.settings.nodeId());
		node.put("Node", this.settings.nodeName());
		node.put("Address", this.settings.address());
		node.put("Datacenter", this.settings.datacenter());
		node.putObject("TaggedAddresses").put("lan", this.settings.address()).put("wan", this.settings.address());
		node.putObject("Meta").put("consul-network-segment", "");
		ConsulJson.stamp(node, start, start);
		this.nodes.put(this.settings.nodeName(), node);
		ObjectNode consul = service("consul", "consul", List.of(), "", 8300);
		ConsulJson.stamp(consul, start, start);
		services(this.settings.nodeName()).put("consul", consul);
		ObjectNode serf = check(this.settings.nodeName(), "serfHealth", "Serf Health Status", "passing", "", "");
		serf.put("Output", "Agent alive and reachable");
		ConsulJson.stamp(serf, start, start);
		checks(this.settings.nodeName()).put("serfHealth", serf);
	}

	/** What a transaction restores when one of its operations fails. */
	record Saved(Map<String, ObjectNode> nodes, Map<String, Map<String, ObjectNode>> services,
			Map<String, Map<String, ObjectNode>> checks, long catalogIndex) {
	}

	Saved save() {
		return new Saved(ConsulJson.deepCopy(this.nodes), ConsulJson.deepCopyNested(this.services),
				ConsulJson.deepCopyNested(this.checks), this.catalogIndex);
	}

	void restore(Saved saved) {
		this.nodes.clear();
		this.nodes.putAll(saved.nodes());
		this.services.clear();
		this.services.putAll(saved.services());
		this.checks.clear();
		this.checks.putAll(saved.checks());
		this.catalogIndex = saved.catalogIndex();
	}

	// ---------------------------------------------------------------- its parts

	long index() {
		return this.catalogIndex;
	}

	/** A catalog write at this index: blocking catalog and health reads wake. */
	void changedAt(long at) {
		this.catalogIndex = at;
		this.raft.changed();
	}

	@Nullable ObjectNode node(String name) {
		return this.nodes.get(name);
	}

	boolean hasNode(String name) {
		return this.nodes.containsKey(name);
	}

	Set<String> nodeNames() {
		return this.nodes.keySet();
	}

	void putNode(String name, ObjectNode node) {
		this.nodes.put(name, node);
	}

	Map<String, ObjectNode> services(String node) {
		return this.services.computeIfAbsent(node, (n) -> new LinkedHashMap<>());
	}

	Map<String, ObjectNode> checks(String node) {
		return this.checks.computeIfAbsent(node, (n) -> new LinkedHashMap<>());
	}

	/** Every node's services, by node. */
	Map<String, Map<String, ObjectNode>> allServices() {
		return this.services;
	}

	/** Every node's checks, by node. */
	Map<String, Map<String, ObjectNode>> allChecks() {
		return this.checks;
	}

	ObjectNode service(String id, String name, List<String> tags, String address, int port) {
		ObjectNode service = JSON.createObjectNode();
		service.put("ID", id);
		service.put("Service", name);
		ArrayNode tagNode = service.putArray("Tags");
		tags.forEach(tagNode::add);
		service.put("Address", address);
		service.putObject("Meta");
		service.put("Port", port);
		service.putObject("Weights").put("Passing", 1).put("Warning", 1);
		service.put("EnableTagOverride", false);
		service.put("Datacenter", this.settings.datacenter());
		return service;
	}

	static ObjectNode check(String node, String id, String name, String status, String serviceId, String serviceName) {
		ObjectNode check = JSON.createObjectNode();
		check.put("Node", node);
		check.put("CheckID", id);
		check.put("Name", name);
		check.put("Status", status);
		check.put("Notes", "");
		check.put("Output", "");
		check.put("ServiceID", serviceId);
		check.put("ServiceName", serviceName);
		check.putArray("ServiceTags");
		check.put("Type", "");
		check.putObject("Definition");
		return check;
	}

	void removeNode(String name) {
		this.nodes.remove(name);
		this.services.remove(name);
		Map<String, ObjectNode> removed = this.checks.remove(name);
		this.catalogIndex = this.raft.next();
		if (removed != null) {
			this.sessions.nodeRemoved(name);
		}
		this.raft.changed();
	}

	/**
	 * Change a check's status; sessions depending on a check that turns critical are
	 * invalidated.
	 */
	boolean setCheckStatus(String node, String checkId, String status, @Nullable String output) {
		ObjectNode check = checks(node).get(checkId);
		if (check == null) {
			return false;
		}
		long at = this.raft.next();
		check.put("Status", status);
		if (output != null) {
			check.put("Output", output);
		}
		check.put("ModifyIndex", at);
		this.catalogIndex = at;
		if (status.equals("critical")) {
			this.sessions.checkCritical(node, checkId);
		}
		this.raft.changed();
		return true;
	}

	/** Add a node (with a passing {@code serfHealth}), as another agent joining does. */
	void registerExternalNode(String node, String address) {
		long at = this.raft.next();
		ObjectNode json = JSON.createObjectNode();
		json.put("ID", UUID.randomUUID().toString());
		json.put("Node", node);
		json.put("Address", address);
		json.put("Datacenter", this.settings.datacenter());
		json.putObject("TaggedAddresses");
		json.putObject("Meta");
		ConsulJson.stamp(json, at, at);
		this.nodes.put(node, json);
		ObjectNode serf = check(node, "serfHealth", "Serf Health Status", "passing", "", "");
		ConsulJson.stamp(serf, at, at);
		checks(node).put("serfHealth", serf);
		changedAt(at);
	}

	/**
	 * The instances of a service with their node and checks (the health format), for the
	 * catalog, health and prepared query reads.
	 */
	ArrayNode serviceHealth(String name, boolean passingOnly, List<String> tags, ApiRequest r, boolean connect) {
		ArrayNode result = JSON.createArrayNode();
		for (Map.Entry<String, Map<String, ObjectNode>> byNode : this.services.entrySet()) {
			ObjectNode node = this.nodes.get(byNode.getKey());
			if (node == null || !nodeMetaMatches(node, r)) {
				continue;
			}
			for (ObjectNode service : byNode.getValue().values()) {
				if (!serves(service, name, connect) || !hasTags(service.get("Tags"), tags)) {
					continue;
				}
				ArrayNode instanceChecks = JSON.createArrayNode();
				boolean passing = true;
				for (ObjectNode check : checks(byNode.getKey()).values()) {
					String serviceId = check.path("ServiceID").asString("");
					if (serviceId.isEmpty() || serviceId.equals(service.get("ID").asString())) {
						instanceChecks.add(check.deepCopy());
						passing &= check.get("Status").asString().equals("passing");
					}
				}
				if (passingOnly && !passing) {
					continue;
				}
				ObjectNode entry = JSON.createObjectNode();
				entry.set("Node", node.deepCopy());
				entry.set("Service", service.deepCopy());
				entry.set("Checks", instanceChecks);
				result.add(entry);
			}
		}
		return result;
	}

	/** A Connect read finds native services and the proxies of a service. */
	private static boolean serves(ObjectNode service, String name, boolean connect) {
		if (!connect) {
			return service.get("Service").asString().equals(name);
		}
		return (service.path("Connect").path("Native").asBoolean(false)
				&& service.get("Service").asString().equals(name))
				|| service.path("Proxy").path("DestinationServiceName").asString("").equals(name);
	}

	private static boolean hasTags(@Nullable JsonNode serviceTags, List<String> tags) {
		for (String tag : tags) {
			if (!ConsulJson.contains(serviceTags, tag)) {
				return false;
			}
		}
		return true;
	}

	/** Whether a node has every {@code ?node-meta=key:value} of the request. */
	static boolean nodeMetaMatches(@Nullable ObjectNode node, ApiRequest r) {
		for (String pair : r.params("node-meta")) {
			int colon = pair.indexOf(':');
			String key = (colon >= 0) ? pair.substring(0, colon) : pair;
			String value = (colon >= 0) ? pair.substring(colon + 1) : "";
			if (node == null || !node.path("Meta").path(key).asString("\u0000").equals(value)) {
				return false;
			}
		}
		return true;
	}

	// ---------------------------------------------------------------- /v1/catalog

	/** {@code GET /v1/catalog/datacenters}: this one. */
	ApiResponse listDatacenters(ApiRequest r) {
		return this.cache.cached(r, ApiResponse.json(JSON.createArrayNode().add(this.settings.datacenter())));
	}

	/** {@code GET /v1/catalog/nodes}. */
	ApiResponse listNodes(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, () -> nodes(r));
	}

	/** {@code GET /v1/catalog/services}: names and their tags. */
	ApiResponse listServices(ApiRequest r) throws InterruptedException {
		return this.cache.cached(r, this.raft.blocking(r, () -> serviceNames(r)));
	}

	/**
	 * {@code GET /v1/catalog/service/:name} or, for Connect,
	 * {@code /v1/catalog/connect/:name}: the instances with their nodes.
	 */
	ApiResponse serviceNodes(ApiRequest r, String name, boolean connect) throws InterruptedException {
		return this.cache.cached(r, this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			for (JsonNode entry : serviceHealth(name, false, r.params("tag"), r, connect)) {
				list.add(flatten(entry));
			}
			return ApiResponse.read(FilterExpression.apply(list, r), this.catalogIndex);
		}));
	}

	/** {@code GET /v1/catalog/node/:node}: a node and its services by ID. */
	ApiResponse nodeServiceMap(ApiRequest r, String name) throws InterruptedException {
		return this.raft.blocking(r, () -> nodeWithServiceMap(r, name));
	}

	/** {@code GET /v1/catalog/node-services/:node}: a node and its services listed. */
	ApiResponse nodeServiceList(ApiRequest r, String name) throws InterruptedException {
		return this.raft.blocking(r, () -> nodeWithServiceList(r, name));
	}

	/**
	 * {@code GET /v1/catalog/gateway-services/:gateway}: none, no gateway is simulated.
	 */
	ApiResponse gatewayServices(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, () -> ApiResponse.read(JSON.createArrayNode(), this.catalogIndex));
	}

	private ApiResponse nodes(ApiRequest r) {
		ArrayNode list = JSON.createArrayNode();
		this.nodes.values().stream().filter((n) -> nodeMetaMatches(n, r)).forEach((n) -> list.add(n.deepCopy()));
		return ApiResponse.read(FilterExpression.apply(list, r), this.catalogIndex);
	}

	private ApiResponse serviceNames(ApiRequest r) {
		Map<String, LinkedHashSet<String>> tags = new TreeMap<>();
		this.services.forEach((node, byId) -> {
			ObjectNode nodeJson = this.nodes.get(node);
			if (nodeJson != null && nodeMetaMatches(nodeJson, r)) {
				byId.values().forEach((s) -> {
					LinkedHashSet<String> set = tags.computeIfAbsent(s.get("Service").asString(),
							(k) -> new LinkedHashSet<>());
					s.path("Tags").forEach((t) -> set.add(t.asString()));
				});
			}
		});
		ObjectNode map = JSON.createObjectNode();
		tags.forEach((service, set) -> {
			ArrayNode array = map.putArray(service);
			set.forEach(array::add);
		});
		return ApiResponse.read(map, this.catalogIndex);
	}

	private ApiResponse nodeWithServiceMap(ApiRequest r, String name) {
		ObjectNode node = this.nodes.get(name);
		if (node == null) {
			return ApiResponse.read(JSON.nullNode(), this.catalogIndex);
		}
		ObjectNode answer = JSON.createObjectNode();
		answer.set("Node", node.deepCopy());
		ObjectNode byId = answer.putObject("Services");
		services(name).forEach((id, s) -> byId.set(id, s.deepCopy()));
		answer.set("Services", FilterExpression.applyToValues(byId, r));
		return ApiResponse.read(answer, this.catalogIndex);
	}

	private ApiResponse nodeWithServiceList(ApiRequest r, String name) {
		ObjectNode node = this.nodes.get(name);
		if (node == null) {
			return ApiResponse.read(JSON.nullNode(), this.catalogIndex);
		}
		ObjectNode answer = JSON.createObjectNode();
		answer.set("Node", node.deepCopy());
		ArrayNode list = JSON.createArrayNode();
		services(name).values().forEach((s) -> list.add(s.deepCopy()));
		answer.set("Services", FilterExpression.apply(list, r));
		return ApiResponse.read(answer, this.catalogIndex);
	}

	private static ObjectNode flatten(JsonNode entry) {
		JsonNode node = entry.get("Node");
		JsonNode service = entry.get("Service");
		ObjectNode flat = JSON.createObjectNode();
		flat.put("ID", node.path("ID").asString(""));
		flat.put("Node", node.get("Node").asString());
		flat.put("Address", node.path("Address").asString(""));
		flat.put("Datacenter", node.path("Datacenter").asString(""));
		flat.set("TaggedAddresses", node.path("TaggedAddresses").deepCopy());
		flat.set("NodeMeta", node.path("Meta").deepCopy());
		flat.put("ServiceID", service.get("ID").asString());
		flat.put("ServiceName", service.get("Service").asString());
		flat.set("ServiceTags", service.path("Tags").deepCopy());
		flat.put("ServiceAddress", service.path("Address").asString(""));
		flat.put("ServicePort", service.path("Port").asInt(0));
		flat.set("ServiceMeta", service.path("Meta").deepCopy());
		flat.set("ServiceWeights", service.path("Weights").deepCopy());
		flat.put("ServiceEnableTagOverride", service.path("EnableTagOverride").asBoolean(false));
		flat.put("ServiceKind", service.path("Kind").asString(""));
		flat.put("CreateIndex", service.path("CreateIndex").asLong(0));
		flat.put("ModifyIndex", service.path("ModifyIndex").asLong(0));
		return flat;
	}

	/** {@code PUT /v1/catalog/register}: a node, with a service and checks. */
	ApiResponse register(ApiRequest r) {
		JsonNode body;
		try {
			body = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return ApiResponse.bad("Request decode failed: " + ex.getMessage());
		}
		String name = (body != null) ? body.path("Node").asString("") : "";
		String address = (body != null) ? body.path("Address").asString("") : "";
		if (name.isEmpty()) {
			return ApiResponse.bad("Must provide node");
		}
		long at = this.raft.next();
		ObjectNode existing = this.nodes.get(name);
		if (existing == null || !body.path("SkipNodeUpdate").asBoolean(false)) {
			if (address.isEmpty() && existing == null) {
				return ApiResponse.bad("Must provide address if SkipNodeUpdate is not set");
			}
			registerNode(body, name, address, existing, at);
		}
		JsonNode service = body.get("Service");
		if (service != null && service.isObject()) {
			ApiResponse refused = registerService(name, service, at);
			if (refused != null) {
				return refused;
			}
		}
		List<JsonNode> newChecks = new ArrayList<>();
		if (body.hasNonNull("Check")) {
			newChecks.add(body.get("Check"));
		}
		body.path("Checks").forEach(newChecks::add);
		for (JsonNode definition : newChecks) {
			registerCheck(name, definition, at);
		}
		changedAt(at);
		return ApiResponse.bool(true);
	}

	private void registerNode(JsonNode body, String name, String address, @Nullable ObjectNode existing, long at) {
		ObjectNode node = JSON.createObjectNode();
		node.put("ID", body.path("ID").asString(""));
		node.put("Node", name);
		node.put("Address", address);
		node.put("Datacenter", this.settings.datacenter());
		node.set("TaggedAddresses",
				body.hasNonNull("TaggedAddresses") ? body.get("TaggedAddresses").deepCopy() : JSON.createObjectNode());
		node.set("Meta", body.hasNonNull("NodeMeta") ? body.get("NodeMeta").deepCopy() : JSON.createObjectNode());
		ConsulJson.stamp(node, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
		this.nodes.put(name, node);
	}

	private @Nullable ApiResponse registerService(String node, JsonNode service, long at) {
		String serviceName = service.path("Service").asString("");
		if (serviceName.isEmpty()) {
			return ApiResponse.bad("Must provide service name with ID");
		}
		String id = service.path("ID").asString(serviceName);
		List<String> tags = new ArrayList<>();
		service.path("Tags").forEach((tag) -> tags.add(tag.asString()));
		ObjectNode stored = service(id.isEmpty() ? serviceName : id, serviceName, tags,
				service.path("Address").asString(""), service.path("Port").asInt(0));
		if (service.hasNonNull("Meta")) {
			stored.set("Meta", service.get("Meta").deepCopy());
		}
		ConsulJson.stamp(stored, at, at);
		services(node).put(stored.get("ID").asString(), stored);
		return null;
	}

	private void registerCheck(String node, JsonNode definition, long at) {
		String checkId = definition.path("CheckID").asString(definition.path("Name").asString(""));
		ObjectNode check = check(node, checkId, definition.path("Name").asString(checkId),
				definition.path("Status").asString("critical"), definition.path("ServiceID").asString(""), "");
		String serviceId = definition.path("ServiceID").asString("");
		ObjectNode service = serviceId.isEmpty() ? null : services(node).get(serviceId);
		if (service != null) {
			check.put("ServiceName", service.get("Service").asString());
		}
		ConsulJson.stamp(check, at, at);
		checks(node).put(checkId, check);
	}

	/** {@code PUT /v1/catalog/deregister}: a node, one of its services or checks. */
	ApiResponse deregister(ApiRequest r) {
		JsonNode body = JSON.readTree(r.body);
		String name = (body != null) ? body.path("Node").asString("") : "";
		if (name.isEmpty()) {
			return ApiResponse.bad("Must provide node");
		}
		String serviceId = body.path("ServiceID").asString("");
		String checkId = body.path("CheckID").asString("");
		if (!serviceId.isEmpty()) {
			services(name).remove(serviceId);
			checks(name).values().removeIf((c) -> c.path("ServiceID").asString("").equals(serviceId));
			this.catalogIndex = this.raft.next();
		}
		else if (!checkId.isEmpty()) {
			checks(name).remove(checkId);
			this.catalogIndex = this.raft.next();
		}
		else {
			removeNode(name);
		}
		this.raft.changed();
		return ApiResponse.bool(true);
	}

}
