package io.cairn.bridge.abuse;

import java.net.ServerSocket;
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

}
