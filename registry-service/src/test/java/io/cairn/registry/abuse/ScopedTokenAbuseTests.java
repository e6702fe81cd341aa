package io.cairn.registry.abuse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H4: with tokens scoped to services (as Consul ACL service policies are), a client can
 * write only the services its token covers, on REST and JSON-RPC alike, and cannot take
 * over, move or remove the live endpoints of any other service. The admin token keeps
 * servreg's semantics (a ping from an endpoint under another name moves it).
 */
@TestPropertySource(properties = { "cairn.security.token=admin-Secret-0",
		"cairn.registry.security.tokens[0].name=payments-deployer",
		"cairn.registry.security.tokens[0].token=payments-Secret-1",
		"cairn.registry.security.tokens[0].services=payments,payments-*", "cairn.registry.security.tokens[1].name=junk",
		"cairn.registry.security.tokens[1].token=junk-Secret-2", "cairn.registry.security.tokens[1].services=junk*",
		"cairn.registry.security.tokens[2].name=auditor", "cairn.registry.security.tokens[2].token=read-Secret-3",
		"cairn.registry.security.tokens[2].services=*", "cairn.registry.security.tokens[2].access=read" })
class ScopedTokenAbuseTests extends RegistryTestSupport {

	private static final String PAYMENTS = "payments-Secret-1";

	private static final String JUNK = "junk-Secret-2";

	private static final String ADMIN = "admin-Secret-0";

	@Test
	void h4AScopedTokenRegistersOnlyTheServicesItCovers() throws Exception {
		String payments = "payments-" + unique("eu");
		String orders = unique("orders");
		assertThat(put(PAYMENTS, payments, "10.70.0.1", 8080).statusCode()).isEqualTo(201);

		HttpResponse<String> refused = put(PAYMENTS, orders, "10.70.0.2", 8080);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(json.readTree(refused.body()).get("detail").asString()).contains(orders, "payments, payments-*");
		JsonNode rpc = rpc(PAYMENTS, "ping", "[\"" + orders + "\",\"10.70.0.2\",8080]");
		assertThat(rpc.get("error").get("code").asInt()).isEqualTo(-32001);
		assertThat(rpc.get("error").get("message").asString()).contains("may not write");
		assertThat(locate(orders)).as("nothing was registered under the other name").isEmpty();

		assertThat(rpc(PAYMENTS, "ping", "[\"payments\",\"10.70.0.3\",8080]").get("result").asBoolean()).isTrue();
		assertThat(rpc(JUNK, "ping", "[\"payments\",\"10.70.0.4\",8080]").get("error").get("code").asInt())
			.isEqualTo(-32001);
		assertThat(locate("payments").toString()).isEqualTo("[{\"host\":\"10.70.0.3\",\"port\":8080}]");
	}

	@Test
	void h4AnEndpointAliveUnderAnotherServiceCannotBeTakenOver() throws Exception {
		String victim = "payments-" + unique("victim");
		String junk = unique("junk");
		assertThat(put(PAYMENTS, victim, "10.71.0.7", 8080).statusCode()).isEqualTo(201);

		HttpResponse<String> takeover = put(JUNK, junk, "10.71.0.7", 8080);
		assertThat(takeover.statusCode()).isEqualTo(409);
		assertThat(json.readTree(takeover.body()).get("detail").asString()).contains(victim, "10.71.0.7:8080");
		JsonNode rpc = rpc(JUNK, "ping", "[\"" + junk + "\",\"10.71.0.7\",8080]");
		assertThat(rpc.get("error").get("code").asInt()).isEqualTo(-32001);
		JsonNode notification = notification(JUNK, "[\"" + junk + "\",\"10.71.0.7\",8080]");
		assertThat(notification.get("result").asString()).isEqualTo("received");

		assertThat(locate(victim).toString()).isEqualTo("[{\"host\":\"10.71.0.7\",\"port\":8080}]");
		assertThat(locate(junk)).isEmpty();
		JsonNode events = json.readTree(get("/v1/events?service=" + victim).body()).get("events");
		assertThat(events.findValuesAsString("type")).containsExactly("REGISTERED");
	}

	@Test
	void h4AnExpiredEndpointMayBeClaimedByAnotherServiceAsSchedulersReusePorts() throws Exception {
		String old = "payments-" + unique("gone");
		String reuse = unique("junk");
		assertThat(put(PAYMENTS, old, "10.72.0.1", 8080).statusCode()).isEqualTo(201);
		this.clock.advance(Duration.ofSeconds(61));
		HttpResponse<String> claimed = put(JUNK, reuse, "10.72.0.1", 8080);
		assertThat(claimed.statusCode()).isEqualTo(200);
		assertThat(json.readTree(claimed.body()).get("outcome").asString()).isEqualTo("MOVED");
		assertThat(locate(reuse)).hasSize(1);
	}

	@Test
	void h4TheAdminTokenMovesEndpointsAsServregDid() throws Exception {
		String first = "payments-" + unique("first");
		String second = unique("second");
		assertThat(put(PAYMENTS, first, "10.73.0.1", 8080).statusCode()).isEqualTo(201);
		HttpResponse<String> moved = put(ADMIN, second, "10.73.0.1", 8080);
		assertThat(json.readTree(moved.body()).get("outcome").asString()).isEqualTo("MOVED");
		assertThat(locate(first)).isEmpty();
	}

	@Test
	void h4AScopedTokenCannotDeregisterAnotherService() throws Exception {
		String victim = "payments-" + unique("kept");
		assertThat(put(PAYMENTS, victim, "10.74.0.1", 8080).statusCode()).isEqualTo(201);
		String query = "/v1/instances?service=" + victim + "&host=10.74.0.1&port=8080";
		HttpResponse<String> refused = send(delete(query).header("Authorization", "Bearer " + JUNK).build());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(locate(victim)).hasSize(1);
		assertThat(send(delete(query).header("Authorization", "Bearer " + PAYMENTS).build()).statusCode())
			.isEqualTo(204);
		assertThat(locate(victim)).isEmpty();
	}

	@Test
	void h4AReadTokenAndNoTokenWriteNothing() throws Exception {
		String name = "payments-" + unique("read");
		HttpResponse<String> read = put("read-Secret-3", name, "10.75.0.1", 8080);
		assertThat(read.statusCode()).isEqualTo(403);
		HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body(name, "10.75.0.1", 8080)))
			.build());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cairn\"");
		assertThat(put("wrong", name, "10.75.0.1", 8080).statusCode()).isEqualTo(401);
		assertThat(rpc("ping", "[\"" + name + "\",\"10.75.0.1\",8080]").get("error").get("code").asInt())
			.isEqualTo(-32001);
		assertThat(
				rpc("read-Secret-3", "ping", "[\"" + name + "\",\"10.75.0.1\",8080]").get("error").get("code").asInt())
			.isEqualTo(-32001);
		assertThat(locate(name)).isEmpty();
	}

	private HttpResponse<String> put(String token, String name, String host, int port) throws Exception {
		return send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.PUT(HttpRequest.BodyPublishers.ofString(body(name, host, port)))
			.build());
	}

	private HttpRequest.Builder delete(String path) {
		return HttpRequest.newBuilder(uri(path)).DELETE();
	}

	private static String body(String name, String host, int port) {
		return "{\"name\":\"" + name + "\",\"host\":\"" + host + "\",\"port\":" + port + "}";
	}

	private JsonNode rpc(String token, String method, String params) throws Exception {
		return json.readTree(send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.header("X-Api-Token", token)
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}"))
			.build()).body());
	}

	private JsonNode notification(String token, String params) throws Exception {
		return json.readTree(send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.header("X-Api-Token", token)
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":" + params + "}"))
			.build()).body());
	}

}
