package io.cairn.registry.abuse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryServiceApplication;
import io.cairn.registry.RegistryTestSupport;
import io.cairn.registry.jsonrpc.JsonRpcEndpoint;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The review's reproductions for the registry (../shared/reviews/security.md) that need
 * no special configuration, one test per reproduction, named after its finding. Each
 * failed on the code before its fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistryAbuseTests extends RegistryTestSupport {

	@Autowired
	private JsonRpcEndpoint jsonRpcEndpoint;

	@Test
	void h4WithoutATokenJsonRpcPingsFromAnotherHostAreRefusedLikeRestWrites() throws Exception {
		String name = unique("remote");
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api");
		request.setServletPath("/api");
		request.setLocalAddr("192.0.2.2");
		request.setRemoteAddr("192.0.2.50");
		request.setContentType("application/json");
		request.setContent(("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"10.60.0.1\",80],"
				+ "\"id\":1}")
			.getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.jsonRpcEndpoint.handleRequest(request, response);
		JsonNode answer = json.readTree(response.getContentAsString());
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32001);
		assertThat(answer.get("error").get("message").asString()).contains("only from this host",
				"cairn.security.token", "cairn.security.open-writes");
		assertThat(locate(name)).as("the refused ping registered nothing").isEmpty();

		HttpResponse<String> local = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"10.60.0.1\",80],\"id\":1}");
		assertThat(json.readTree(local.body()).get("result").asBoolean()).as("a ping from this host is accepted")
			.isTrue();
	}

	@Test
	void m2InstancesArePagedWithALinkToTheNextPage() throws Exception {
		String prefix = unique("paged");
		for (int i = 1; i <= 5; i++) {
			ping(prefix + "-" + i, "10.61.0." + i, 80);
		}
		HttpResponse<String> all = get("/v1/instances?pattern=" + prefix + "-*");
		assertThat(json.readTree(all.body()).get("instances")).as("the default page holds every instance").hasSize(5);
		assertThat(all.headers().firstValue("Link")).as("no next page").isEmpty();

		List<String> seen = new ArrayList<>();
		String next = "/v1/instances?pattern=" + prefix + "-*&limit=2";
		int pages = 0;
		while (next != null) {
			HttpResponse<String> page = get(next);
			assertThat(page.statusCode()).isEqualTo(200);
			JsonNode instances = json.readTree(page.body()).get("instances");
			assertThat(instances.size()).isLessThanOrEqualTo(2);
			instances.forEach((instance) -> seen.add(instance.get("name").asString()));
			next = nextLink(page);
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactly(prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4", prefix + "-5");

		HttpResponse<String> tooLarge = get("/v1/instances?limit=10001");
		assertThat(tooLarge.statusCode()).isEqualTo(400);
		assertThat(json.readTree(tooLarge.body()).get("field").asString()).isEqualTo("limit");
		assertThat(json.readTree(tooLarge.body()).get("detail").asString()).contains("10000");
		assertThat(get("/v1/instances?cursor=abc").statusCode()).isEqualTo(400);
	}

	@Test
	void l7BidiAndZeroWidthCharactersInNamesAreRefused() throws Exception {
		for (String name : List.of("pay\u202Ements", "pay\u200Bments", "pay\u2066ments", "\uFEFFpayments",
				"pay\u2028ments")) {
			HttpResponse<String> rest = put("{\"name\":\"" + name + "\",\"host\":\"10.62.0.1\",\"port\":80}");
			assertThat(rest.statusCode()).as(name).isEqualTo(400);
			JsonNode problem = json.readTree(rest.body());
			assertThat(problem.get("field").asString()).isEqualTo("name");
			assertThat(problem.get("detail").asString()).contains("U+");
			JsonNode rpc = rpc("ping", json.writeValueAsString(List.of(name, "10.62.0.1", 80)));
			assertThat(rpc.get("error").get("code").asInt()).as(name).isEqualTo(-32602);
		}
		assertThat(json.readTree(get("/v1/instances?pattern=*pay*ments*&all=true").body()).get("instances"))
			.as("nothing was registered")
			.isEmpty();
	}

	@Test
	void l7UnpairedSurrogatesInNamesAreRefusedSoThatNamesCannotCollide() throws Exception {
		for (String escaped : List.of("a\\ud800", "a\\udc00", "\\udbff")) {
			HttpResponse<String> rest = put("{\"name\":\"" + escaped + "\",\"host\":\"10.62.0.2\",\"port\":80}");
			assertThat(rest.statusCode()).as(escaped).isEqualTo(400);
			assertThat(json.readTree(rest.body()).get("detail").asString()).contains("surrogate");
			HttpResponse<String> rpc = postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\""
					+ escaped + "\",\"10.62.0.2\",80],\"id\":1}");
			assertThat(json.readTree(rpc.body()).get("error").get("code").asInt()).isEqualTo(-32602);
			HttpResponse<String> locate = postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\","
					+ "\"params\":[\"" + escaped + "*\"],\"id\":1}");
			assertThat(json.readTree(locate.body()).get("error").get("code").asInt()).isEqualTo(-32602);
		}
	}

	@Test
	void l7AnOverlongWaitIsRefusedNamingItsBound() throws Exception {
		long index = Long.parseLong(get("/v1/services").headers().firstValue("X-Cairn-Index").orElseThrow());
		for (String wait : List.of("1".repeat(7000) + "x", "1".repeat(7000) + "s", "1s".repeat(3000))) {
			HttpResponse<String> response = get("/v1/services?index=" + index + "&wait=" + wait);
			assertThat(response.statusCode()).isEqualTo(400);
			JsonNode problem = json.readTree(response.body());
			assertThat(problem.get("field").asString()).isEqualTo("wait");
			assertThat(problem.get("detail").asString()).contains("longer than 32 characters");
		}
	}

	@Test
	void l7ABatchOfDistinctGlobsCostsAtMostTheConfiguredNumberOfScans() throws Exception {
		String prefix = unique("globbed");
		ping(prefix + "-7", "10.63.0.1", 80);
		String wildcard = "*" + prefix.substring(1) + "-";
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 90; i++) {
			batch.append("{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"")
				.append(wildcard)
				.append(i)
				.append("*\"],\"id\":")
				.append(i)
				.append("},");
		}
		batch
			.append("{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"" + prefix + "-7\"],\"id\":90},");
		batch.append(
				"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"" + wildcard + "7*\"],\"id\":91}]");
		JsonNode answers = json.readTree(postJson("/api", batch.toString()).body());
		assertThat(answers).hasSize(92);
		for (int i = 0; i < 10; i++) {
			assertThat(answers.get(i).get("error").isNull()).as("lookup %d is within the budget", i).isTrue();
		}
		for (int i = 10; i < 90; i++) {
			JsonNode error = answers.get(i).get("error");
			assertThat(error.get("code").asInt()).as("lookup %d is beyond the budget", i).isEqualTo(-32602);
			assertThat(error.get("message").asString()).contains("cairn.registry.max-batch-patterns");
		}
		assertThat(answers.get(7).get("result")).as("lookups within the budget are answered").hasSize(1);
		assertThat(answers.get(90).get("result")).as("an exact name costs no scan").hasSize(1);
		assertThat(answers.get(91).get("result")).as("a repeated pattern costs no new scan").hasSize(1);
	}

	@Test
	void l2TheDburlPasswordIsNotEchoedInTheStartUpFailure(CapturedOutput output) {
		for (String dburl : List.of("postgresql://u:p%zzSecret@h/db", "postgresql://u:pa/ssSecret@h/db",
				"mysql://u:MySecret@h/db", "postgresql+psycopg2")) {
			assertThatException()
				.isThrownBy(() -> SpringApplication.run(RegistryServiceApplication.class, "--dburl=" + dburl,
						"--server.port=0", "--cairn.embedded-postgres.enabled=false"))
				.satisfies((ex) -> assertThat(ex.toString()).doesNotContain("Secret", "zz"));
		}
		assertThat(output.getAll()).contains("--dburl=postgresql://u:***@h/db", "The option --dburl")
			.doesNotContain("Secret", "p%zz");
	}

	private HttpResponse<String> put(String body) throws Exception {
		return send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static String nextLink(HttpResponse<String> response) {
		String link = response.headers().firstValue("Link").orElse(null);
		if (link == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("<([^>]*)>;\\s*rel=\"next\"").matcher(link);
		assertThat(matcher.find()).as(link).isTrue();
		return matcher.group(1);
	}

}
