package io.cairn.benchmarks.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * registry-service through servreg's JSON-RPC: a registration is a {@code ping} call, a
 * renewal the notification ping servreg's clients send every 30 seconds, a lookup
 * {@code locate_service}.
 */
final class CairnRegistry implements RegistryTarget {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public String name() {
		return "registry-service";
	}

	@Override
	public void register(KeepAliveConnection connection, int service, int instance) throws IOException {
		String body = call(connection, "ping", "[\"" + RegistryTarget.serviceName(service) + "\",\""
				+ RegistryTarget.host(service, instance) + "\",8080]", true);
		if (!json.readTree(body).get("result").asBoolean()) {
			throw new IOException("registration refused: " + body);
		}
	}

	@Override
	public void renew(KeepAliveConnection connection, int service, int instance) throws IOException {
		call(connection, "ping", "[\"" + RegistryTarget.serviceName(service) + "\",\""
				+ RegistryTarget.host(service, instance) + "\",8080]", false);
	}

	@Override
	public int lookup(KeepAliveConnection connection, int service) throws IOException {
		return json
			.readTree(call(connection, "locate_service", "[\"" + RegistryTarget.serviceName(service) + "\"]", true))
			.get("result")
			.size();
	}

	@Override
	public int lookupAsClientsDo(KeepAliveConnection connection, int service) throws IOException {
		// servreg's client library calls locate_service whenever it needs an endpoint.
		return lookup(connection, service);
	}

	private static String call(KeepAliveConnection connection, String method, String params, boolean withId)
			throws IOException {
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params
				+ (withId ? ",\"id\":1}" : "}");
		return RegistryTarget
			.expect(connection.exchange("POST", "/api", "application/json", body.getBytes(StandardCharsets.UTF_8),
					null), method, 200)
			.text();
	}

}
