package io.cairn.status.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckSource;
import io.cairn.status.service.NewCheck;
import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry → aggregator chain (security.md M2, the aggregator's side): a registry
 * write became an aggregator check without the aggregator's own rules, in any number,
 * from an answer of any size. And webhook URLs in the log (L2). The app runs with its
 * shipped target policy here: loopback targets refused.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-discovery-abuse", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s",
				"cairn.status.poll.timeout=2s", "cairn.status.discovery.registry.interval=200ms",
				"cairn.status.discovery.lease-time=3s", "cairn.status.discovery.max-checks=5",
				"cairn.status.discovery.registry.max-response-size=64KB", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
class DiscoveryAbuseTests extends AppTestBase {

	static final HttpServer registry;

	static final AtomicReference<String> instances = new AtomicReference<>("{\"index\": 1, \"instances\": []}");

	static final AtomicInteger rounds = new AtomicInteger();

	/** A port nobody listens on: the webhook fails. */
	static final int closedPort;

	static {
		try {
			registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
			try (ServerSocket probe = new ServerSocket(0)) {
				closedPort = probe.getLocalPort();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		registry.createContext("/v1/instances", (exchange) -> {
			byte[] body = instances.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			rounds.incrementAndGet();
		});
		registry.start();
	}

	@DynamicPropertySource
	static void sources(DynamicPropertyRegistry properties) {
		properties.add("cairn.status.discovery.registry.url",
				() -> "http://127.0.0.1:" + registry.getAddress().getPort());
		properties.add("cairn.status.webhooks[0].url",
				() -> "http://127.0.0.1:" + closedPort + "/services/T0PS3CRET/B0PS3CRET?token=S3CRETTOKEN");
	}

	@AfterAll
	static void stop() {
		registry.stop(0);
	}

	@Test
	void m2RegistryCannotMakeTheAggregatorReadLoopback() {
		publish(instance("consul", "10.0.0.5", 8080, "http://127.0.0.1:8500/v1/agent/self"),
				instance("docker", "10.0.0.6", 2375, "http://[::1]:2375/info"),
				instance("orders", "10.0.0.7", 8080, "/health"));
		// the instance with a private address is taken: the round ran
		awaitTrue(() -> this.live.get("registry-orders@10.0.0.7-8080") != null);
		awaitRounds(2);
		assertThat(this.live.list()).extracting((view) -> view.check().id())
			.containsExactly("registry-orders@10.0.0.7-8080");
		assertThat(this.live.get("registry-orders@10.0.0.7-8080").definition().target())
			.isEqualTo("http://10.0.0.7:8080/health");
	}

	@Test
	void m2DiscoveredChecksAreCapped() {
		String[] many = new String[50];
		for (int i = 0; i < many.length; i++) {
			many[i] = instance("web", "10.0.1." + i, 8080, "/health");
		}
		publish(many);
		awaitTrue(() -> this.live.size() == 5);
		awaitRounds(3);
		assertThat(this.live.size()).isEqualTo(5);
		// the same five from round to round (the first by id)
		assertThat(this.live.list()).extracting((view) -> view.check().id())
			.containsExactlyInAnyOrder("registry-web@10.0.1.0-8080", "registry-web@10.0.1.1-8080",
					"registry-web@10.0.1.10-8080", "registry-web@10.0.1.11-8080", "registry-web@10.0.1.12-8080");
	}

	@Test
	void m2OversizedRegistryAnswerFailsTheRoundAndKeepsTheChecks() {
		publish(instance("kept", "10.0.2.1", 8080, "/health"));
		awaitTrue(() -> this.live.get("registry-kept@10.0.2.1-8080") != null);
		// a valid instance list, only too large: one instance carries a 70 KB label
		String blob = "x".repeat(70 * 1024);
		publish(instance("kept", "10.0.2.1", 8080, "/health"), "{\"name\": \"huge\", \"host\": \"10.0.2.2\", "
				+ "\"port\": 8080, \"labels\": {\"status-url\": \"/health\", \"blob\": \"" + blob + "\"}}");
		awaitRounds(3);
		assertThat(this.live.get("registry-huge@10.0.2.2-8080")).isNull();
		assertThat(this.live.get("registry-kept@10.0.2.1-8080")).isNotNull();
	}

	@Test
	void l2WebhookUrlsAreLoggedByTheirOriginOnly(CapturedOutput output) {
		// the aggregate turns Critical, the webhook fires and fails
		this.checks.register(NewCheck.of(CheckDefinition.GLOBAL_ID, "planned maintenance"), CheckSource.API);
		awaitTrue(() -> output.getAll().contains("Webhook http://127.0.0.1:" + closedPort + "/*** failed"));
		assertThat(output.getAll()).doesNotContain("T0PS3CRET").doesNotContain("S3CRETTOKEN");
	}

	private static void awaitRounds(int more) {
		int now = rounds.get();
		awaitTrue(() -> rounds.get() >= now + more);
	}

	private static void publish(String... list) {
		instances.set("{\"index\": 2, \"instances\": [" + String.join(", ", list) + "]}");
	}

	private static String instance(String name, String host, int port, String statusUrl) {
		return "{\"name\": \"" + name + "\", \"host\": \"" + host + "\", \"port\": " + port
				+ ", \"labels\": {\"status-url\": \"" + statusUrl + "\"}}";
	}

}
