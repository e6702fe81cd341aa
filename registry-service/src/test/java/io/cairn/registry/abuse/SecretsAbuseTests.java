package io.cairn.registry.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.registry.RegistryServiceApplication;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Principle 3 for the registry: the admin token, the scoped tokens and the database
 * password (given the servreg way, in {@code --dburl}) appear in no answer, header, log
 * line or metric, whatever clients send, including wrong tokens and refused writes.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsAbuseTests {

	private static final String ADMIN = "Admin-Token-4f1c";

	private static final String SCOPED = "Scoped-Token-9b2e";

	private static final String DB_PASSWORD = "Db-Password-77aa";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void p3NoTokenOrDatabasePasswordLeavesTheRegistry(CapturedOutput output) throws Exception {
		// The embedded PostgreSQL trusts local connections, so any password is accepted:
		// what matters is where it travels.
		String jdbc = SharedPostgres.newDatabase();
		String hostPortDb = jdbc.substring("jdbc:postgresql://".length());
		List<String> answers = new ArrayList<>();
		try (ConfigurableApplicationContext registry = new SpringApplicationBuilder(RegistryServiceApplication.class)
			.run("--server.port=0",
					"--dburl=postgresql://" + SharedPostgres.user() + ":" + DB_PASSWORD + "@" + hostPortDb,
					"--cairn.security.token=" + ADMIN, "--cairn.registry.security.tokens[0].name=orders-team",
					"--cairn.registry.security.tokens[0].token=" + SCOPED,
					"--cairn.registry.security.tokens[0].services=orders*")) {
			int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
			answers.add(rpc(port, SCOPED, "ping", "[\"orders\",\"10.95.0.1\",80]"));
			answers.add(rpc(port, SCOPED, "ping", "[\"billing\",\"10.95.0.2\",80]"));
			answers.add(rpc(port, ADMIN + "x", "ping", "[\"orders\",\"10.95.0.3\",80]"));
			answers.add(rpc(port, null, "ping", "[\"orders\",\"10.95.0.3\",80]"));
			answers.add(rpc(port, SCOPED, "get_service_specs", "[]"));
			answers.add(put(port, "Bearer " + SCOPED, "billing"));
			answers.add(put(port, "Bearer " + SCOPED.toLowerCase(), "orders"));
			answers.add(put(port, "Basic " + ADMIN, "orders"));
			answers.add(put(port, "Bearer " + ADMIN, "orders-admin"));
			for (String path : List.of("/v1/info", "/v1/services", "/v1/instances?all=true", "/v1/events",
					"/actuator/health", "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus",
					"/actuator/metrics", "/actuator/metrics/hikaricp.connections", "/actuator/env",
					"/actuator/configprops", "/v3/api-docs", "/nowhere", "/v1/instances?limit=0", "/", "/index.html",
					"/console.js", "/v1/instances?index=x", "/v1/events?wait=forever")) {
				answers.add(get(port, path));
			}
		}
		assertThat(answers).as("the requests were answered").hasSizeGreaterThan(20);
		assertThat(String.join("\n", answers)).doesNotContain(ADMIN, SCOPED, DB_PASSWORD);
		assertThat(output.getAll()).as("the log says what was refused").contains("Refused a write");
		assertThat(output.getAll()).doesNotContain(ADMIN, SCOPED, DB_PASSWORD);
	}

	/**
	 * A {@code --dburl} the registry refuses (a bad percent-escape, a path in the
	 * password) stops the start-up with a message that quotes it without its password:
	 * not in the failure analysis, nor in any stack trace logged on the way.
	 */
	@Test
	void p3ARefusedDburlIsReportedWithoutItsPassword(CapturedOutput output) {
		for (String dburl : List.of("postgresql://reg:p%zz" + DB_PASSWORD + "@db.invalid/servreg",
				"postgresql://reg:" + DB_PASSWORD + "/x@db.invalid/servreg",
				"mysql://reg:" + DB_PASSWORD + "@db.invalid/servreg")) {
			assertThatException().as(dburl)
				.isThrownBy(() -> new SpringApplicationBuilder(RegistryServiceApplication.class)
					.run("--server.port=0", "--dburl=" + dburl, "--cairn.security.token=" + ADMIN)
					.close());
		}
		assertThat(output.getAll()).as("the start-up failures were reported").contains("dburl");
		assertThat(output.getAll()).doesNotContain(DB_PASSWORD, ADMIN);
	}

	private String rpc(int port, String token, String method, String params) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, "/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}"));
		if (token != null) {
			request.header("X-Api-Token", token);
		}
		return describe(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private String put(int port, String authorization, String name) throws Exception {
		return describe(this.http.send(HttpRequest.newBuilder(uri(port, "/v1/instances"))
			.header("Content-Type", "application/json")
			.header("Authorization", authorization)
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"host\":\"10.95.0.9\",\"port\":80}"))
			.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private String get(int port, String path) throws Exception {
		return describe(
				this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString()));
	}

	private static String describe(HttpResponse<String> response) {
		return response.statusCode() + " " + response.headers().map() + " " + response.body();
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
