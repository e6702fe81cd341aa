package io.cairn.registry.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API under {@code /v1}: what it answers and how it refuses bad input.
 */
class RestApiTests extends RegistryTestSupport {

	@Test
	void registerRenewListAndDeregister() throws Exception {
		String name = unique("web");
		HttpResponse<String> created = put("{\"name\":\"" + name + "\",\"host\":\"Web-1.Example.COM\",\"port\":8080,"
				+ "\"tags\":[\"blue\"],\"version\":\"2.0\",\"labels\":{\"zone\":\"a\"}}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/v1/instances?service=" + name);
		assertThat(json.readTree(created.body()).get("host").asString()).isEqualTo("web-1.example.com");

		HttpResponse<String> renewed = put("{\"name\":\"" + name + "\",\"host\":\"web-1.example.com\",\"port\":8080}");
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(json.readTree(renewed.body()).get("outcome").asString()).isEqualTo("RENEWED");

		JsonNode instances = json.readTree(get("/v1/services/" + name + "/instances").body());
		assertThat(instances.get("index").asLong()).isPositive();
		JsonNode instance = instances.get("instances").get(0);
		assertThat(instance.get("tags").toString()).isEqualTo("[\"blue\"]");
		assertThat(instance.get("labels").get("zone").asString()).isEqualTo("a");
		assertThat(instance.get("alive").asBoolean()).isTrue();

		JsonNode services = json.readTree(get("/v1/services?pattern=" + name).body()).get("services");
		assertThat(services.get(0).get("name").asString()).isEqualTo(name);
		assertThat(services.get(0).get("alive").asInt()).isEqualTo(1);

		HttpResponse<String> deleted = delete("/v1/instances?service=" + name + "&host=web-1.example.com&port=8080");
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(json.readTree(get("/v1/instances?service=" + name).body()).get("instances")).isEmpty();

		JsonNode events = json.readTree(get("/v1/events?service=" + name).body()).get("events");
		assertThat(events.get(0).get("type").asString()).isEqualTo("DEREGISTERED");
		assertThat(events.get(1).get("type").asString()).isEqualTo("REGISTERED");
	}

	@Test
	void anEndpointBelongsToOneServiceAtATimeAndAMoveIsAnEvent() throws Exception {
		String first = unique("first");
		String second = unique("second");
		put("{\"name\":\"" + first + "\",\"host\":\"10.2.0.1\",\"port\":9000}");
		HttpResponse<String> moved = put("{\"name\":\"" + second + "\",\"host\":\"10.2.0.1\",\"port\":9000}");
		assertThat(json.readTree(moved.body()).get("outcome").asString()).isEqualTo("MOVED");
		assertThat(locate(first)).isEmpty();
		assertThat(locate(second)).hasSize(1);
		JsonNode event = json.readTree(get("/v1/events?service=" + second).body()).get("events").get(0);
		assertThat(event.get("type").asString()).isEqualTo("MOVED");
		assertThat(event.get("previousName").asString()).isEqualTo(first);
	}

	@Test
	void namesWithSlashesAreReachableThroughQueryParameters() throws Exception {
		String name = unique("team") + "/orders";
		assertThat(put("{\"name\":\"" + name + "\",\"host\":\"10.2.0.2\",\"port\":80}").statusCode()).isEqualTo(201);
		JsonNode instances = json.readTree(get("/v1/instances?service=" + encode(name)).body()).get("instances");
		assertThat(instances).hasSize(1);
	}

	@Test
	void ipv6LiteralsAreAcceptedWithOrWithoutBrackets() throws Exception {
		String name = unique("v6");
		put("{\"name\":\"" + name + "\",\"host\":\"[FD00::1]\",\"port\":80}");
		put("{\"name\":\"" + name + "\",\"url\":\"http://[fd00::2]:81/\"}");
		assertThat(locate(name).toString())
			.isEqualTo("[{\"host\":\"fd00::1\",\"port\":80},{\"host\":\"fd00::2\",\"port\":81}]");
	}

	@Test
	void badInputIsAProblemDetailsResponse() throws Exception {
		assertProblem(put("{\"name\":\"x\",\"host\":\"10.0.0.1\",\"port\":\"abc\"}"), 400, "port");
		assertProblem(put("{\"name\":\"x\",\"host\":\"10.0.0.1\"}"), 400, "'port' is required");
		assertProblem(put("{\"host\":\"10.0.0.1\",\"port\":1}"), 400, "'name' is required");
		assertProblem(put("{\"name\":\"x\",\"host\":\"10.0.0.1\",\"port\":1,\"colour\":\"red\"}"), 400,
				"unknown field 'colour'");
		assertProblem(put("{\"name\":\"x\",\"host\":\"10.0.0.1\",\"port\":1,\"url\":\"http://a/\"}"), 400,
				"either 'url'");
		assertProblem(put("{\"name\":"), 400, "malformed JSON");
		assertProblem(put(""), 400, "");
		assertProblem(put("{\"name\":\"x\",\"host\":\"10.0.0.1\",\"port\":1,\"tags\":[\"\"]}"), 400, "empty");
		assertProblem(get("/v1/instances?pattern="), 400, "pattern is empty");
		assertProblem(get("/v1/services?index=-1"), 400, "index");
		assertProblem(get("/v1/services?index=abc"), 400, "");
		assertProblem(get("/v1/services?index=5&wait=forever"), 400, "not a duration");
		assertProblem(get("/v1/events?limit=0"), 400, "limit");
		assertProblem(delete("/v1/instances?service=nobody&host=10.0.0.1&port=1"), 404, "is not registered");
		assertProblem(delete("/v1/instances?service=nobody&host=10.0.0.1&port=x"), 400, "");
		assertProblem(get("/v1/no-such-thing"), 404, "");
		HttpResponse<String> huge = send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(2_000_000) + "\"}"))
			.build());
		assertProblem(huge, 413, "exceeds the limit");
	}

	@Test
	void openApiDescribesBothProtocols() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode paths = json.readTree(response.body()).get("paths");
		assertThat(paths.propertyNames()).contains("/api", "/v1/services", "/v1/instances", "/v1/events",
				"/v1/services/{name}/instances");
	}

	private HttpResponse<String> put(String body) throws Exception {
		return send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private HttpResponse<String> delete(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	static void assertProblem(HttpResponse<String> response, int status, String detailPart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("detail").asString()).contains(detailPart);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
