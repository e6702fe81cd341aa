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
import io.cairn.consul.model.catalog.CatalogDeregistration;
import io.cairn.consul.model.catalog.CatalogNode;
import io.cairn.consul.model.catalog.CatalogNodeServices;
import io.cairn.consul.model.catalog.CatalogRegistration;
import io.cairn.consul.model.catalog.CatalogService;
import io.cairn.consul.model.catalog.Node;

/**
 * The catalog ({@code /v1/catalog}): datacenters, nodes and services of the whole
 * cluster. Reads take {@link QueryOptions} for blocking, consistency, filters, node
 * metadata and RTT sorting.
 */
public final class CatalogClient {

	private static final ObjectReader STRINGS = Json.reader(new TypeReference<List<String>>() {
	});

	private static final ObjectReader NODES = Json.reader(new TypeReference<List<Node>>() {
	});

	private static final ObjectReader SERVICES = Json.reader(new TypeReference<Map<String, List<String>>>() {
	});

	private static final ObjectReader INSTANCES = Json.reader(new TypeReference<List<CatalogService>>() {
	});

	private static final ObjectReader NODE = Json.reader(CatalogNode.class);

	private static final ObjectReader NODE_SERVICES = Json.reader(CatalogNodeServices.class);

	private final Transport transport;

	CatalogClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The known datacenters, nearest first. Works without a leader.
	 * @return the datacenter names
	 */
	public ConsulResponse<List<String>> datacenters() {
		return this.transport.execute(Request.get("/v1/catalog/datacenters", "catalog/datacenters").noConsistency(),
				Decoders.list(STRINGS));
	}

	/**
	 * The nodes of a datacenter.
	 * @param options per-request options (near, node-meta, filter, blocking, ...)
	 * @return the nodes
	 */
	public ConsulResponse<List<Node>> nodes(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/catalog/nodes", "catalog/nodes").options(options),
				Decoders.list(NODES));
	}

	/**
	 * The services of a datacenter with their tags.
	 * @param options per-request options (node-meta, filter, blocking, cached, ...)
	 * @return tags by service name
	 */
	public ConsulResponse<Map<String, List<String>>> services(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/catalog/services", "catalog/services").options(options),
				Decoders.map(SERVICES));
	}

	/**
	 * The instances of a service.
	 * @param name the service name
	 * @param tags only instances with all these tags (repeated {@code ?tag=})
	 * @param options per-request options (near, node-meta, filter, blocking, cached, ...)
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<CatalogService>> service(String name, List<String> tags, QueryOptions options) {
		Request request = Request.get("/v1/catalog/service/{name}", "catalog/service/" + Paths.segment(name));
		tags.forEach((tag) -> request.param("tag", tag));
		return this.transport.execute(request.options(options), Decoders.list(INSTANCES));
	}

	/**
	 * The Connect-capable instances of a service.
	 * @param name the service name
	 * @param options per-request options
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<CatalogService>> connect(String name, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/catalog/connect/{name}", "catalog/connect/" + Paths.segment(name)).options(options),
				Decoders.list(INSTANCES));
	}

	/**
	 * A node with its services by ID.
	 * @param node the node name
	 * @param options per-request options
	 * @return the node, empty when unknown
	 */
	public ConsulResponse<Optional<CatalogNode>> node(String node, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/catalog/node/{node}", "catalog/node/" + Paths.segment(node)).options(options),
				Decoders.optional(NODE));
	}

	/**
	 * A node with its services as a list (Consul 1.7+).
	 * @param node the node name
	 * @param options per-request options
	 * @return the node, empty when unknown
	 */
	public ConsulResponse<Optional<CatalogNodeServices>> nodeServices(String node, QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/catalog/node-services/{node}", "catalog/node-services/" + Paths.segment(node))
				.options(options), Decoders.optional(NODE_SERVICES));
	}

	/**
	 * Register a node, service or check directly in the catalog (prefer the agent
	 * endpoints, which keep entries in sync).
	 * @param registration what to register
	 * @return {@code true} when registered
	 */
	public boolean register(CatalogRegistration registration) {
		return this.transport
			.execute(Request.put("/v1/catalog/register", "catalog/register")
				.resendable()
				.body(Json.write(registration), "application/json"), Decoders.bool())
			.value();
	}

	/**
	 * Remove a node, service or check from the catalog.
	 * @param deregistration what to remove
	 * @return {@code true} when removed
	 */
	public boolean deregister(CatalogDeregistration deregistration) {
		return this.transport
			.execute(Request.put("/v1/catalog/deregister", "catalog/deregister")
				.resendable()
				.body(Json.write(deregistration), "application/json"), Decoders.bool())
			.value();
	}

}
