package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code cairn.security.token} set, writes need it (REST as a bearer token, JSON-RPC
 * ping as servreg's X-Api-Token header) and reads stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cairn.security.token=s3cret")
class AuthTests {

	private static final String DATABASE = SharedPostgres.newDatabase();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> DATABASE);
		registry.add("spring.datasource.username", SharedPostgres::user);
	}

	@Test
	void restWritesNeedTheBearerToken() throws Exception {
		String body = "{\"name\":\"secured\",\"host\":\"10.7.0.1\",\"port\":80}";
		HttpResponse<String> anonymous = send(put(body).build());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cairn\"");
		assertThat(json.readTree(anonymous.body()).get("detail").asString()).contains("Authorization: Bearer");

		assertThat(send(put(body).header("Authorization", "Bearer wrong").build()).statusCode()).isEqualTo(401);
		assertThat(send(put(body).header("Authorization", "Bearer s3cret").build()).statusCode()).isEqualTo(201);
		assertThat(send(
				HttpRequest.newBuilder(uri("/v1/instances?service=secured&host=10.7.0.1&port=80")).DELETE().build())
			.statusCode()).isEqualTo(401);
		assertThat(send(HttpRequest.newBuilder(uri("/v1/instances?service=secured")).GET().build()).statusCode())
			.isEqualTo(200);
	}

	@Test
	void jsonRpcPingNeedsTheApiTokenHeaderAndLookupsStayOpen() throws Exception {
		String ping = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"rpc-secured\",\"10.7.0.2\",80],\"id\":1}";
		JsonNode denied = json.readTree(send(rpc(ping).build()).body());
		assertThat(denied.get("error").get("code").asInt()).isEqualTo(-32001);
		JsonNode wrong = json.readTree(send(rpc(ping).header("X-Api-Token", "nope").build()).body());
		assertThat(wrong.get("error").get("code").asInt()).isEqualTo(-32001);

		String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"rpc-secured\",\"10.7.0.2\",80]}";
		assertThat(json.readTree(send(rpc(notification).build()).body()).get("result").asString())
			.isEqualTo("received");

		String locate = "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"rpc-secured\"],\"id\":2}";
		assertThat(json.readTree(send(rpc(locate).build()).body()).get("result")).as("refused pings register nothing")
			.isEmpty();

		JsonNode allowed = json.readTree(send(rpc(ping).header("X-Api-Token", "s3cret").build()).body());
		assertThat(allowed.get("result").asBoolean()).isTrue();
		assertThat(json.readTree(send(rpc(locate).build()).body()).get("result")).hasSize(1);
	}

	private HttpRequest.Builder put(String body) {
		return HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body));
	}

	private HttpRequest.Builder rpc(String body) {
		return HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
