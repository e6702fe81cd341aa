package io.cairn.benchmarks.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stock Eureka server through its REST API, as its Java client uses it: register
 * ({@code POST /eureka/apps/APP}), renew ({@code PUT /eureka/apps/APP/id}), a lookup of
 * one application ({@code GET /eureka/apps/APP}), and the full registry
 * ({@code GET /eureka/apps}) that Eureka's DiscoveryClient fetches to keep its view
 * current.
 */
final class EurekaRegistry implements RegistryTarget {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public String name() {
		return "Eureka";
	}

	@Override
	public void register(KeepAliveConnection connection, int service, int instance) throws IOException {
		String app = app(service);
		String host = RegistryTarget.host(service, instance);
		String body = "{\"instance\":{\"instanceId\":\"" + instanceId(service, instance) + "\",\"hostName\":\"" + host
				+ "\",\"app\":\"" + app + "\",\"ipAddr\":\"" + host + "\",\"vipAddress\":\""
				+ RegistryTarget.serviceName(service) + "\",\"secureVipAddress\":\""
				+ RegistryTarget.serviceName(service)
				+ "\",\"status\":\"UP\",\"port\":{\"$\":8080,\"@enabled\":\"true\"},"
				+ "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
				+ "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":90}}}";
		RegistryTarget.expect(connection.exchange("POST", "/eureka/apps/" + app, "application/json",
				body.getBytes(StandardCharsets.UTF_8), null), "register", 204);
	}

	@Override
	public void renew(KeepAliveConnection connection, int service, int instance) throws IOException {
		RegistryTarget.expect(connection.exchange("PUT",
				"/eureka/apps/" + app(service) + "/" + instanceId(service, instance) + "?status=UP", null, null, null),
				"renew", 200);
	}

	@Override
	public int lookup(KeepAliveConnection connection, int service) throws IOException {
		KeepAliveConnection.Response response = RegistryTarget.expect(
				connection.exchange("GET", "/eureka/apps/" + app(service), null, null, "application/json"), "lookup",
				200, 404);
		if (response.status() == 404 || response.body().length == 0) {
			return 0;
		}
		return count(json.readTree(response.body()).path("application").path("instance"));
	}

	@Override
	public int lookupAsClientsDo(KeepAliveConnection connection, int service) throws IOException {
		KeepAliveConnection.Response response = RegistryTarget
			.expect(connection.exchange("GET", "/eureka/apps/", null, null, "application/json"), "full registry", 200);
		JsonNode applications = json.readTree(response.body()).path("applications").path("application");
		for (JsonNode application : applications.isArray() ? applications : json.createArrayNode().add(applications)) {
			if (app(service).equals(application.path("name").asString())) {
				return count(application.path("instance"));
			}
		}
		return 0;
	}

	private static int count(JsonNode instances) {
		return instances.isArray() ? instances.size() : (instances.isObject() ? 1 : 0);
	}

	private static String app(int service) {
		return RegistryTarget.serviceName(service).toUpperCase(Locale.ROOT);
	}

	private static String instanceId(int service, int instance) {
		return RegistryTarget.serviceName(service) + "-" + instance;
	}

}
