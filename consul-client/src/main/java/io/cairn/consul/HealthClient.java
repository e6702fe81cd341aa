package io.cairn.consul;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.health.HealthCheck;
import io.cairn.consul.model.health.HealthState;

/**
 * Health ({@code /v1/health}): checks of nodes and services, and service instances with
 * their checks, the usual basis of service discovery.
 */
public final class HealthClient {

	private static final ObjectReader CHECKS = Json.reader(new TypeReference<List<HealthCheck>>() {
	});

	private static final ObjectReader INSTANCES = Json.reader(new TypeReference<List<ServiceHealth>>() {
	});

	private static final Transport.Reader<List<HealthCheck>> CHECK_LIST = Decoders.list(CHECKS);

	private static final Transport.Reader<List<ServiceHealth>> INSTANCE_LIST = Decoders.list(INSTANCES);

	private final Transport transport;

	HealthClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The checks of a node.
	 * @param node the node name or ID
	 * @param options per-request options (filter, blocking, ...)
	 * @return the checks, empty when none
	 */
	public ConsulResponse<List<HealthCheck>> node(String node, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/health/node/{node}", "health/node/" + Paths.segment(node)).options(options),
				CHECK_LIST);
	}

	/**
	 * The checks of a service.
	 * @param service the service name
	 * @param options per-request options (near, node-meta, filter, blocking, ...)
	 * @return the checks, empty when none
	 */
	public ConsulResponse<List<HealthCheck>> checks(String service, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/health/checks/{service}", "health/checks/" + Paths.segment(service)).options(options),
				CHECK_LIST);
	}

	/**
	 * The instances of a service with their checks.
	 * @param service the service name
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<ServiceHealth>> service(String service) {
		return service(service, false, List.of(), QueryOptions.NONE);
	}

	/**
	 * The instances of a service with their checks.
	 * @param service the service name
	 * @param passingOnly only instances whose checks all pass ({@code ?passing})
	 * @param tags only instances with all these tags
	 * @param options per-request options (near, node-meta, filter, blocking, cached, ...)
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<ServiceHealth>> service(String service, boolean passingOnly, List<String> tags,
			QueryOptions options) {
		return instances("/v1/health/service/{service}", "health/service/", service, passingOnly, tags, options);
	}

	/**
	 * The Connect-capable instances of a service with their checks.
	 * @param service the service name
	 * @param passingOnly only passing instances
	 * @param options per-request options
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<ServiceHealth>> connect(String service, boolean passingOnly, QueryOptions options) {
		return instances("/v1/health/connect/{service}", "health/connect/", service, passingOnly, List.of(), options);
	}

	/**
	 * The ingress gateway instances for a service (Consul 1.8+).
	 * @param service the service name
	 * @param passingOnly only passing instances
	 * @param options per-request options
	 * @return the instances, empty when none
	 */
	public ConsulResponse<List<ServiceHealth>> ingress(String service, boolean passingOnly, QueryOptions options) {
		return instances("/v1/health/ingress/{service}", "health/ingress/", service, passingOnly, List.of(), options);
	}

	private ConsulResponse<List<ServiceHealth>> instances(String template, String prefix, String service,
			boolean passingOnly, List<String> tags, QueryOptions options) {
		Request request = Request.get(template, prefix + Paths.segment(service)).flag("passing", passingOnly);
		for (String tag : tags) {
			request.param("tag", tag);
		}
		return this.transport.execute(request.options(options), INSTANCE_LIST);
	}

	/**
	 * The checks in a state.
	 * @param state any, passing, warning or critical
	 * @param options per-request options (near, node-meta, filter, blocking, ...)
	 * @return the checks
	 */
	public ConsulResponse<List<HealthCheck>> state(HealthState state, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/health/state/{state}", "health/state/" + state.wireName()).options(options),
				CHECK_LIST);
	}

}
