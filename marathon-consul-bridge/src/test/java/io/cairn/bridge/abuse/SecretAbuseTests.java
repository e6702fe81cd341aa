package io.cairn.bridge.abuse;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.bridge.Await;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review findings H1 and L2 (bridge part): the write token travelled in the callback URL
 * into the open {@code /v1/status}, the console, the logs and {@code recentErrors} (also
 * inside Marathon client error messages). The secrets here are plain letters and digits,
 * so that no encoding of a URL can hide them from the search.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretAbuseTests {

	private static final String TOKEN = "h1WriteToken7Secret";

	private static final String CONSUL_TOKEN = "h1ConsulToken7Secret";

	private static final String MARATHON_PASSWORD = "h1MarathonPassword7Secret";

	private static final List<String> SECRETS = List.of(TOKEN, CONSUL_TOKEN, MARATHON_PASSWORD);

	@Test
	void h1NoSecretInTheStatusTheConsoleTheMetricsOrTheLogs(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String advertised = "http://127.0.0.1:" + port + "/events?registration=consular";
		MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_4)
			.callbacks(true)
			.hosts("agent-a")
			.start();
		marathon.faults().failNext("POST", "/v2/eventSubscriptions", 500, 1);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("cairn.security.token", TOKEN);
		properties.put("cairn.consul.token", CONSUL_TOKEN);
		properties.put("cairn.bridge.marathon.username", "bridge");
		properties.put("cairn.bridge.marathon.password", MARATHON_PASSWORD);
		properties.put("cairn.bridge.events.callback.subscribe", "true");
		properties.put("cairn.bridge.events.callback.advertised-url", advertised);
		properties.put("cairn.bridge.events.callback.check-interval", "200ms");
		properties.put("logging.level.root", "INFO");
		properties.put("logging.level.io.cairn", "DEBUG");
		properties.put("logging.level.io.cairn.bridge", "DEBUG");
		try (AbuseWorld world = AbuseWorld.start(marathon, properties)) {
			// The first subscription failed (its error, with Marathon's message, is in
			// recentErrors and the log); the next check subscribed with the real token.
			Await.until("subscribed with the token",
					() -> world.marathon.callbackUrls().contains(advertised + "&token=" + TOKEN));
			Await.until("the failed subscription reported",
					() -> world.bridge.status().get("recentErrors").toString().contains("callback"));
			String app = AbuseWorld.app("secret");
			world.marathon.createApp("{\"id\":\"" + app + "\"}");
			Await.until("registered through the callback", () -> world.registeredExactly(app));

			String status = world.bridge.get("/v1/status").body();
			assertThat(status).contains("token=***");
			List<String> answers = List.of(status, world.bridge.get("/actuator/prometheus").body(),
					world.bridge.get("/actuator/health").body(), world.bridge.get("/actuator/metrics").body(),
					world.bridge.get("/actuator/info").body(), world.bridge.get("/").body(),
					world.bridge.get("/console.js").body());
			for (String answer : answers) {
				for (String secret : SECRETS) {
					assertThat(answer).doesNotContain(secret);
				}
			}
		}
		// Stopping removes the subscription, and says so in the log.
		for (String secret : SECRETS) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
		assertThat(output.getAll()).contains("token=***");
	}

	/**
	 * Issue 15, principle 3: a write token, a Consul ACL token and Marathon credentials
	 * given in its URL (as Consular took them); the bridge syncs, meets errors that echo
	 * secrets (Marathon's 401 and 500, an agent refusing with the token in its answer),
	 * and then no answer to any GET, no sync result and no log line holds any of them.
	 */
	@Test
	void p3NoSecretLeavesThroughAnyAnswerOrLogLine(CapturedOutput output) throws Exception {
		String user = "bridge";
		String urlPassword = "p3MarathonUrlPassword7Secret";
		String writeToken = "p3WriteToken7Secret";
		String consulToken = "p3ConsulToken7Secret";
		String basic = Base64.getEncoder().encodeToString((user + ":" + urlPassword).getBytes(StandardCharsets.UTF_8));
		List<String> secrets = List.of(urlPassword, writeToken, consulToken, basic);
		MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_8)
			.hosts("agent-a")
			.credentials(user, urlPassword)
			.start();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls",
				"http://" + user + ":" + urlPassword + "@" + marathon.hostPort() + "/");
		properties.put("cairn.security.token", writeToken);
		properties.put("cairn.consul.token", consulToken);
		properties.put("logging.level.root", "INFO");
		properties.put("logging.level.io.cairn", "DEBUG");
		properties.put("logging.level.io.cairn.bridge", "DEBUG");
		List<String> answers = new ArrayList<>();
		try (AbuseWorld world = AbuseWorld.start(marathon, properties)) {
			// The credentials work (Marathon answers 401 without them) and the token is
			// sent to Consul.
			String app = AbuseWorld.app("p3");
			world.marathon.createApp("{\"id\":\"" + app + "\",\"labels\":{\"domain\":\"example.org\"}}");
			Await.until("registered", () -> world.registeredExactly(app));
			assertThat(world.agentA.requests()).anyMatch((request) -> consulToken.equals(request.token()));
			answers.add(world.bridge.sync().toString());

			// Error paths: Marathon fails, then refuses; an agent refuses with the token
			// in
			// its answer.
			world.marathon.faults().failNext("GET", "/v2/apps", 500, 1);
			answers.add(world.bridge.sync().toString());
			String other = AbuseWorld.app("p3-refused");
			world.agentA.faults().failNext("/v1/agent/service/register", 403, "ACL not found: " + consulToken, 100);
			world.marathon.faults().loseEvents(true);
			world.marathon.createApp("{\"id\":\"" + other + "\"}");
			world.marathon.faults().loseEvents(false);
			answers.add(world.bridge.sync().toString());
			world.agentA.faults().clear();
			Await.until("the refusal reported",
					() -> world.bridge.status().get("recentErrors").toString().contains("ACL not found"));

			for (String path : List.of("/v1/status", "/", "/index.html", "/console.js", "/console.css", "/actuator",
					"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info",
					"/actuator/metrics", "/actuator/metrics/cairn.bridge.errors", "/actuator/prometheus",
					"/v3/api-docs")) {
				HttpResponse<String> answer = world.bridge.get(path);
				assertThat(answer.statusCode()).as(path).isLessThan(500);
				answers.add(path + " " + answer.headers().map() + " " + answer.body());
			}
			assertThat(String.join("\n", answers)).contains("ACL not found").contains("Injected failure");
		}
		for (String secret : secrets) {
			for (String answer : answers) {
				assertThat(answer).doesNotContain(secret);
			}
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

}
