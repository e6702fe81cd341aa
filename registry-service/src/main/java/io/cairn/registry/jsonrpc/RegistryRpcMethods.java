package io.cairn.registry.jsonrpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.EndpointTakenException;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.domain.RegistrationRules;
import io.cairn.registry.domain.RegistryBusyException;
import io.cairn.registry.domain.RegistryFullException;
import io.cairn.registry.security.WriteGrant;
import io.cairn.registry.security.WriteRefusals;
import io.cairn.registry.service.Registry;
import io.cairn.registry.service.Registry.Heartbeat;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The methods servreg's clients call: {@code ping}, {@code locate_service} and
 * pymicroservice's built-in {@code get_service_specs}.
 */
@Component
class RegistryRpcMethods {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final Set<String> META_FIELDS = Set.of("tags", "version", "labels");

	private static final Map<String, String> DESCRIPTIONS = descriptions();

	private final Registry registry;

	private final WriteRefusals refusals;

	private final ApplicationContext context;

	RegistryRpcMethods(Registry registry, WriteRefusals refusals, ApplicationContext context) {
		this.registry = registry;
		this.refusals = refusals;
		this.context = context;
	}

	/**
	 * Whether a method exists.
	 */
	boolean exists(String method) {
		return DESCRIPTIONS.containsKey(method);
	}

	/**
	 * The pings of a request, to be written together.
	 */
	PingBatch newPingBatch() {
		return new PingBatch(this.registry);
	}

	/**
	 * Start a call: its parameters are checked now (a failure is thrown now); a ping
	 * joins the request's batch and is written when its result is first asked for, a
	 * lookup first writes the pings before it, then runs now.
	 * @param method the method name (one that {@link #exists})
	 * @param params the raw {@code params} member
	 * @param context what the request may write, and its lookup budget
	 * @param pings the request's pings
	 * @return the result, which may throw what a call throws
	 */
	Supplier<JsonNode> start(String method, @Nullable JsonNode params, CallContext context, PingBatch pings) {
		if ("ping".equals(method)) {
			return ping(params, context.grant(), pings);
		}
		pings.flush();
		JsonNode result = switch (method) {
			case "locate_service" -> locateService(RpcParams.bind(method, params, List.of("name")), context);
			case "get_service_specs" -> serviceSpecs(RpcParams.bind(method, params, List.of()));
			default -> throw new IllegalArgumentException(method);
		};
		return () -> result;
	}

	/**
	 * {@code ping(name, host, port)} as servreg took it, or {@code ping(name, url)} as
	 * emerald did; either with an optional {@code meta} object ({@code {"tags": [],
	 * "version": "", "labels": {}}}). The request must be allowed to write the service
	 * (and, to move a live endpoint from another service, that one too).
	 */
	private Supplier<JsonNode> ping(@Nullable JsonNode params, WriteGrant grant, PingBatch pings) {
		if (grant.refused()) {
			this.refusals.refused(grant);
			throw new JsonRpcException(
					new JsonRpcError(JsonRpcError.ACCESS_DENIED, "Access denied: " + ((grant.refusalStatus() == 401)
							? "ping needs a valid X-Api-Token header (tokens are configured)" : grant.refusal())));
		}
		boolean urlForm = usesUrlForm(params);
		RpcParams bound = RpcParams.bind("ping", params,
				urlForm ? List.of("name", "url", "meta") : List.of("name", "host", "port", "meta"));
		Endpoint endpoint;
		String url = null;
		String name = RegistrationRules.serviceName("name", bound.requiredString("name"));
		if (urlForm) {
			url = bound.requiredString("url");
			endpoint = RegistrationRules.endpointOf("url", url);
		}
		else {
			String host = RegistrationRules.host("host", bound.requiredString("host"));
			endpoint = new Endpoint(host, RegistrationRules.port("port", bound.requiredInteger("port")));
		}
		InstanceMetadata metadata = bound.has("meta") ? metadata(bound.raw("meta")) : null;
		if (!grant.permits(name)) {
			this.refusals.refused(grant, name);
			throw new JsonRpcException(
					new JsonRpcError(JsonRpcError.ACCESS_DENIED, "Access denied: " + grant.outOfScope(name)));
		}
		Supplier<RegistrationOutcome> outcome = pings
			.add(new Heartbeat(new Registration(name, endpoint, url, metadata), grant::permits));
		return () -> {
			try {
				outcome.get();
			}
			catch (EndpointTakenException ex) {
				this.refusals.refused(grant, ex.owner());
				throw new JsonRpcException(
						new JsonRpcError(JsonRpcError.ACCESS_DENIED, "Access denied: " + ex.getMessage()));
			}
			catch (RegistryFullException ex) {
				throw new JsonRpcException(
						new JsonRpcError(JsonRpcError.REGISTRY_FULL, "Registry full: " + ex.getMessage()));
			}
			catch (RegistryBusyException ex) {
				throw new JsonRpcException(
						new JsonRpcError(JsonRpcError.REGISTRY_BUSY, "Registry busy: " + ex.getMessage()));
			}
			return nodes.booleanNode(true);
		};
	}

	/**
	 * The URL form is chosen by a {@code url} parameter or by a second positional
	 * parameter that is followed by no port.
	 */
	private static boolean usesUrlForm(@Nullable JsonNode params) {
		if (params == null) {
			return false;
		}
		if (params.isObject()) {
			return params.has("url");
		}
		return params.isArray() && (params.size() == 2 || (params.size() == 3 && params.get(2).isObject()));
	}

	private static InstanceMetadata metadata(@Nullable JsonNode meta) {
		if (meta == null || !meta.isObject()) {
			throw RpcParams.invalid("'meta' must be an object with tags, version and labels");
		}
		for (String field : meta.propertyNames()) {
			if (!META_FIELDS.contains(field)) {
				throw RpcParams.invalid("'meta' has no field '" + field + "'; its fields are tags, version, labels");
			}
		}
		return RegistrationRules.metadata("meta", RpcParams.stringList("meta.tags", meta.get("tags")),
				RpcParams.optionalString("meta.version", meta.get("version")),
				RpcParams.stringMap("meta.labels", meta.get("labels")));
	}

	private JsonNode locateService(RpcParams params, CallContext context) {
		Glob glob = Glob.compile(params.requiredString("name"));
		context.lookUp(glob);
		ArrayNode result = nodes.arrayNode();
		for (Instance instance : this.registry.locate(glob)) {
			result.addObject().put("host", instance.endpoint().host()).put("port", instance.endpoint().port());
		}
		return result;
	}

	private JsonNode serviceSpecs(RpcParams params) {
		ObjectNode specs = nodes.objectNode();
		Environment environment = this.context.getEnvironment();
		specs.put("host", environment.getProperty("server.address", "0.0.0.0"));
		specs.put("port", localPort());
		specs.put("name", environment.getProperty("spring.application.name", "registry-service"));
		specs.put("max_parallel_blocking_tasks", Runtime.getRuntime().availableProcessors());
		ObjectNode methods = specs.putObject("methods");
		DESCRIPTIONS.forEach(methods::put);
		return specs;
	}

	private int localPort() {
		if (this.context instanceof WebServerApplicationContext web && web.getWebServer() != null) {
			return web.getWebServer().getPort();
		}
		return 0;
	}

	private static Map<String, String> descriptions() {
		Map<String, String> descriptions = new LinkedHashMap<>();
		descriptions.put("ping", "ping(name, host, port[, meta]) or ping(name, url[, meta]): registers that "
				+ "the endpoint serves the named service; call it at least once per TTL (60 s by default)");
		descriptions.put("locate_service", "locate_service(name): the live endpoints [{host, port}] of the "
				+ "services whose names match the glob pattern (*, ?, [abc], [!abc], \\ escapes)");
		descriptions.put("get_service_specs", "get_service_specs(): this service's address and methods");
		return descriptions;
	}

}
