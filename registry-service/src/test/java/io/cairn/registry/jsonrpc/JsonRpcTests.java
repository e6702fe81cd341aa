package io.cairn.registry.jsonrpc;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * servreg's JSON-RPC envelope on {@code POST /api}, against the running app and
 * PostgreSQL.
 */
class JsonRpcTests extends RegistryTestSupport {

	@Test
	void pingWithPositionalParamsRegistersAndLocateFindsIt() throws Exception {
		String name = unique("orders");
		JsonNode response = rpc("ping", "[\"" + name + "\",\"10.1.0.1\",9001]");
		assertThat(response.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":true,\"error\":null,\"id\":1}");
		assertThat(locate(name).toString()).isEqualTo("[{\"host\":\"10.1.0.1\",\"port\":9001}]");
	}

	@Test
	void pingWithNamedParamsAndLocateByNamedParam() throws Exception {
		String name = unique("billing");
		rpc("ping", "{\"name\":\"" + name + "\",\"host\":\"10.1.0.2\",\"port\":9002}");
		JsonNode response = rpc("locate_service", "{\"name\":\"" + name + "\"}");
		assertThat(response.get("result").toString()).isEqualTo("[{\"host\":\"10.1.0.2\",\"port\":9002}]");
		assertThat(response.get("error").isNull()).isTrue();
	}

	@Test
	void emeraldUrlFormTakesHostAndPortFromTheUrl() throws Exception {
		String name = unique("emerald");
		rpc("ping", "[\"" + name + "\",\"http://10.1.0.3:8080/api\"]");
		rpc("ping", "{\"name\":\"" + name + "\",\"url\":\"https://10.1.0.4/api\"}");
		assertThat(locate(name).toString())
			.isEqualTo("[{\"host\":\"10.1.0.3\",\"port\":8080},{\"host\":\"10.1.0.4\",\"port\":443}]");
	}

	@Test
	void idZeroIsEchoed() throws Exception {
		HttpResponse<String> response = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"nothing-here\"],\"id\":0}");
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":[],\"error\":null,\"id\":0}");
	}

	@Test
	void stringIdsAreEchoed() throws Exception {
		HttpResponse<String> response = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"nothing-here\"],\"id\":\"abc\"}");
		assertThat(json.readTree(response.body()).get("id").asString()).isEqualTo("abc");
	}

	@Test
	void notificationIsAcknowledgedAndStillRegisters() throws Exception {
		String name = unique("notified");
		HttpResponse<String> response = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"name\":\"" + name
						+ "\",\"host\":\"10.1.0.5\",\"port\":9005}}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"received\",\"error\":null}");
		assertThat(locate(name)).hasSize(1);
	}

	@Test
	void batchAnswersEveryCallInOrderIncludingDuplicateIds() throws Exception {
		String name = unique("batch");
		HttpResponse<String> response = postJson("/api", "[" //
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"10.1.0.6\",1],\"id\":7},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"" + name + "\"],\"id\":7},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"10.1.0.7\",2]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":8}]");
		JsonNode answers = json.readTree(response.body());
		assertThat(answers).hasSize(4);
		assertThat(answers.get(0).get("result").asBoolean()).isTrue();
		assertThat(answers.get(0).get("id").asInt()).isEqualTo(7);
		assertThat(answers.get(1).get("result").toString()).isEqualTo("[{\"host\":\"10.1.0.6\",\"port\":1}]");
		assertThat(answers.get(1).get("id").asInt()).isEqualTo(7);
		assertThat(answers.get(2).get("result").asString()).isEqualTo("received");
		assertThat(answers.get(3).get("error").get("code").asInt()).isEqualTo(-32601);
		assertThat(locate(name)).hasSize(2);
	}

	@Test
	void emptyBatchIsInvalidRequest() throws Exception {
		assertError(postJson("/api", "[]"), -32600, "batch is empty");
	}

	@Test
	void batchLongerThanTheLimitIsRefusedWhole() throws Exception {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 101; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"too-many\",\"10.9.9.9\",")
				.append(i + 1)
				.append("],\"id\":")
				.append(i)
				.append('}');
		}
		assertError(postJson("/api", batch.append(']').toString()), -32600, "at most 100 calls");
		assertThat(locate("too-many")).isEmpty();
	}

	@Test
	void malformedJsonIsParseError() throws Exception {
		assertError(postJson("/api", "{\"jsonrpc\": \"2.0\", \"method\": "), -32700, "Parse error");
	}

	@Test
	void wrongEnvelopeIsInvalidRequest() throws Exception {
		assertError(postJson("/api", "{\"jsonrpc\":\"1.0\",\"method\":\"ping\",\"id\":1}"), -32600, "jsonrpc");
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}"), -32600, "method");
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":\"x\",\"id\":1}"), -32600,
				"params");
		assertError(postJson("/api", "42"), -32600, "JSON object");
	}

	@Test
	void unknownMethodIsMethodNotFound() throws Exception {
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"deregister\",\"params\":[],\"id\":1}"), -32601,
				"deregister");
	}

	@Test
	void missingParameterIsInvalidParamsNotASilentNull() throws Exception {
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"name\":\"x\"},\"id\":12}"),
				-32602, "missing required parameter 'host'");
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"x\",\"h\"],\"id\":12}"),
				-32602, "");
		assertError(postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[],\"id\":1}"),
				-32602, "missing required parameter 'name'");
	}

	@Test
	void illTypedOrUnknownParametersAreInvalidParams() throws Exception {
		assertError(
				postJson("/api",
						"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"x\",\"10.0.0.1\",\"9001\"],\"id\":1}"),
				-32602, "'port' of ping must be an integer, not a string");
		assertError(
				postJson("/api",
						"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"x\",\"10.0.0.1\",90.5],\"id\":1}"),
				-32602, "must be an integer");
		assertError(postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"name\":\"x\",\"host\":\"h\",\"port\":1,\"colour\":1},\"id\":1}"),
				-32602, "no parameter 'colour'");
		assertError(
				postJson("/api",
						"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"a\",\"b\"],\"id\":1}"),
				-32602, "at most 1 parameters");
		assertError(
				postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[5,\"10.0.0.1\",1],\"id\":1}"),
				-32602, "'name' of ping must be a string");
	}

	@Test
	void valuesThatBreakRegistryRulesAreInvalidParams() throws Exception {
		assertError(rpcRaw("[\"\",\"10.0.0.1\",1]"), -32602, "service name is empty");
		assertError(rpcRaw("[\"a\\nb\",\"10.0.0.1\",1]"), -32602, "control characters");
		assertError(rpcRaw("[\"" + "n".repeat(256) + "\",\"10.0.0.1\",1]"), -32602, "longer than 255");
		assertError(rpcRaw("[\"a\",\"10.0.0.1\",0]"), -32602, "between 1 and 65535");
		assertError(rpcRaw("[\"a\",\"10.0.0.1\",65536]"), -32602, "between 1 and 65535");
		assertError(rpcRaw("[\"a\",\"bad host!\",80]"), -32602, "not a valid host name");
		assertError(rpcRaw("[\"a\",\"300.1.1.1\",80]"), -32602, "not a valid IPv4");
		assertError(rpcRaw("[\"a\",\"file:///etc/passwd\"]"), -32602, "http or https");
	}

	@Test
	void metadataTravelsThroughTheNamedMetaParameter() throws Exception {
		String name = unique("meta");
		JsonNode response = rpc("ping", "{\"name\":\"" + name + "\",\"host\":\"10.1.0.8\",\"port\":80,"
				+ "\"meta\":{\"tags\":[\"blue\"],\"version\":\"1.4.2\",\"labels\":{\"status-url\":\"http://10.1.0.8/status\"}}}");
		assertThat(response.get("result").asBoolean()).isTrue();
		JsonNode instances = json.readTree(get("/v1/instances?service=" + name).body()).get("instances");
		assertThat(instances.get(0).get("tags").toString()).isEqualTo("[\"blue\"]");
		assertThat(instances.get(0).get("version").asString()).isEqualTo("1.4.2");
		assertThat(instances.get(0).get("labels").get("status-url").asString()).isEqualTo("http://10.1.0.8/status");
		assertError(rpcRaw("{\"name\":\"a\",\"host\":\"h\",\"port\":1,\"meta\":{\"colour\":\"red\"}}"), -32602,
				"no field 'colour'");
		assertError(rpcRaw("{\"name\":\"a\",\"host\":\"h\",\"port\":1,\"meta\":{\"tags\":\"red\"}}"), -32602,
				"array of strings");
	}

	@Test
	void getServiceSpecsListsTheMethodsClientsDiscover() throws Exception {
		JsonNode specs = json
			.readTree(postJson("/api", "{\"jsonrpc\": \"2.0\", \"method\": \"get_service_specs\", \"id\": 1}").body())
			.get("result");
		assertThat(specs.get("methods").propertyNames()).contains("ping", "locate_service", "get_service_specs");
		assertThat(specs.get("port").asInt()).isEqualTo(this.port);
		assertThat(specs.get("name").asString()).isEqualTo("registry-service");
	}

	@Test
	void getIsMethodNotAllowed() throws Exception {
		HttpResponse<String> response = get("/api");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertThat(json.readTree(response.body()).get("error").get("code").asInt()).isEqualTo(-32600);
	}

	@Test
	void jsonWithCharsetIsAcceptedAndOtherContentTypesAreNot() throws Exception {
		String call = "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"x\"],\"id\":1}";
		HttpResponse<String> charset = send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(call))
			.build());
		assertThat(json.readTree(charset.body()).get("error").isNull()).isTrue();
		HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(call))
			.build());
		assertError(form, -32600, "Content-Type must be application/json");
	}

	@Test
	void hugeBodyIsRefusedWith413InJsonRpcForm() throws Exception {
		String padding = "x".repeat(2 * 1024 * 1024);
		HttpResponse<String> response = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + padding + "\",\"h\",1],\"id\":1}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(json.readTree(response.body()).get("error").get("message").asString())
			.contains("exceeds the limit of 1048576 bytes");
	}

	@Test
	void hugeChunkedBodyIsRefusedWhileBeingRead() throws Exception {
		// 3 MB of whitespace with no declared length: the client sends it chunked.
		long size = 3L * 1024 * 1024;
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {

				private long sent;

				@Override
				public int read() {
					return (this.sent++ < size) ? ' ' : -1;
				}

			}))
			.build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("-32600");
	}

	private HttpResponse<String> rpcRaw(String params) throws Exception {
		return postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":" + params + ",\"id\":3}");
	}

	private static void assertError(HttpResponse<String> response, int code, String messagePart) {
		JsonNode body = json.readTree(response.body());
		assertThat(body.has("result")).as("result present: %s", body).isTrue();
		assertThat(body.get("result").isNull()).isTrue();
		assertThat(body.get("error").get("code").asInt()).as(body.toString()).isEqualTo(code);
		assertThat(body.get("error").get("message").asString()).contains(messagePart);
		assertThat(body.toString()).doesNotContain("Exception").doesNotContain("at io.");
	}

}
