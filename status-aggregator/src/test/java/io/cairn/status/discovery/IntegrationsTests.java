package io.cairn.status.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.consul.Consul;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app with its integrations switched on: discovery from registry-service's
 * {@code /v1/instances} (served here in its shape) and from Consul (testkit's Consul
 * agent simulator, read through consul-client), publishing to a real in-process ZooKeeper
 * and to a webhook, local command checks, and writes guarded by a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-integrations", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.discovery.registry.interval=200ms", "cairn.status.discovery.lease-time=3s",
				"cairn.status.discovery.consul.enabled=true", "cairn.status.discovery.consul.interval=200ms",
				"cairn.status.zookeeper.path=/test/status", "cairn.status.security.allow-loopback=true",
				// The connect string arrives after the ZooKeeper switch looked for it
				// (dynamic properties).
				"spring.cloud.zookeeper.enabled=true", "cairn.security.token=s3cret",
				"cairn.status.commands.disk.command[0]=sh", "cairn.status.commands.disk.command[1]=-c",
				"cairn.status.commands.disk.command[2]=echo 'DISK OK - 42% used | used=42'; exit 0",
				"cairn.status.commands.disk.tags[0]=host", "cairn.status.commands.load.command[0]=sh",
				"cairn.status.commands.load.command[1]=-c",
				"cairn.status.commands.load.command[2]=echo 'LOAD WARNING - 7.1'; echo second line; exit 1",
				"cairn.status.commands.stuck.command[0]=sleep", "cairn.status.commands.stuck.command[1]=30",
				"cairn.status.commands.stuck.timeout=1s", "cairn.status.commands.odd.command[0]=sh",
				"cairn.status.commands.odd.command[1]=-c", "cairn.status.commands.odd.command[2]=exit 7",
				"cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
class IntegrationsTests {

	static final TestingServer zookeeper;

	static final CheckEndpoints endpoints = new CheckEndpoints();

	static final HttpServer registry;

	static final AtomicReference<String> instances = new AtomicReference<>("{\"index\": 1, \"instances\": []}");

	static final List<String> webhooks = new CopyOnWriteArrayList<>();

	static final ConsulSimulator consul = ConsulSimulator.start();

	static final java.nio.file.Path megaphoneCache;

	static {
		try {
			zookeeper = new TestingServer(true);
			megaphoneCache = java.nio.file.Files.createTempFile("megaphone", ".json");
			java.nio.file.Files.writeString(megaphoneCache, "{\"imported-web\": \"" + endpoints.url("/ok-imported")
					+ "\", \"imported-leak\": \"file:///etc/passwd\"}");
			registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		registry.createContext("/v1/instances", (exchange) -> send(exchange, instances.get()));
		registry.createContext("/hook", (exchange) -> {
			webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			send(exchange, "{}");
		});
		registry.start();
	}

	@LocalServerPort
	int port;

	@Autowired
	LiveChecks live;

	@Autowired
	io.cairn.status.service.MegaphoneImport importer;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry properties) {
		String url = SharedPostgres.newDatabase();
		properties.add("spring.datasource.url", () -> url);
		properties.add("spring.datasource.username", () -> SharedPostgres.user());
		properties.add("spring.cloud.zookeeper.connect-string", zookeeper::getConnectString);
		String base = "http://127.0.0.1:" + registry.getAddress().getPort();
		properties.add("cairn.status.discovery.registry.url", () -> base);
		properties.add("cairn.status.webhooks[0].url", () -> base + "/hook");
		properties.add("cairn.status.megaphone-cache", megaphoneCache::toString);
		properties.add("cairn.consul.addresses[0]", consul::address);
		properties.add("cairn.consul.use-environment", () -> "false");
	}

	@AfterAll
	static void stop() throws IOException {
		registry.stop(0);
		endpoints.close();
		consul.close();
	}

	@Test
	void registryInstancesWithAStatusUrlBecomeChecks() {
		int port = endpoints.port();
		instances.set("{\"index\": 7, \"instances\": [" + instance("orders", port, "{\"status-url\": \"/ok-orders\"}")
				+ ", " + instance("billing", port, "{\"status-url\": \"" + endpoints.url("/warning") + "\"}") + ", "
				+ instance("plain", port, "{}") + "]}");
		String orders = "registry-orders@127.0.0.1-" + port;
		String billing = "registry-billing@127.0.0.1-" + port;
		TrackedCheck found = await(() -> polled(orders));
		assertThat(found.definition().source()).isEqualTo(CheckSource.REGISTRY);
		assertThat(found.definition().target()).isEqualTo(endpoints.url("/ok-orders"));
		assertThat(found.definition().tags()).containsExactly("registry", "orders");
		assertThat(found.state().status()).isEqualTo(CheckStatus.OK);
		assertThat(await(() -> polled(billing)).state().status()).isEqualTo(CheckStatus.WARNING);
		assertThat(this.live.list()).noneMatch((view) -> view.check().id().contains("plain"));

		// billing expires in the registry: its check goes
		instances.set("{\"index\": 8, \"instances\": [" + instance("orders", port, "{\"status-url\": \"/ok-orders\"}")
				+ "]}");
		awaitTrue(() -> this.live.get(billing) == null);
		assertThat(this.live.get(orders)).isNotNull();
		instances.set("{\"index\": 9, \"instances\": []}");
		awaitTrue(() -> this.live.get(orders) == null);
	}

	@Test
	void consulServicesBecomeOneCheckEachWithTheirWorstState() {
		// Services and TTL checks registered in the Consul agent simulator, read back
		// through
		// consul-client's health API.
		try (Consul client = Consul.builder().address(consul.address()).build()) {
			client.agent()
				.registerService(ServiceRegistration.of("web-1", "web")
					.withAddress("127.0.0.1", 8080)
					.withChecks(CheckRegistration.ttl("web-http", "http", Duration.ofHours(1)),
							CheckRegistration.ttl("web-disk", "disk", Duration.ofHours(1))));
			client.agent()
				.registerService(ServiceRegistration.of("api-1", "api")
					.withAddress("127.0.0.1", 8081)
					.withChecks(CheckRegistration.ttl("api-http", "http", Duration.ofHours(1))));
			client.agent().pass("web-http", "HTTP GET: 200");
			client.agent().warn("web-disk", "85% used");
			client.agent().pass("api-http", "ok");
			awaitTrue(() -> {
				TrackedCheck web = polled("consul-web");
				return web != null && web.state().status() == CheckStatus.WARNING;
			});
			TrackedCheck web = this.live.get("consul-web");
			assertThat(web.definition().source()).isEqualTo(CheckSource.CONSUL);
			assertThat(web.definition().tags()).containsExactly("consul", "web");
			assertThat(web.state().message()).isEqualTo("disk warning: 85% used");
			awaitTrue(() -> {
				TrackedCheck api = polled("consul-api");
				return api != null && api.state().status() == CheckStatus.OK;
			});
			assertThat(this.live.get("consul-api").state().message()).isEqualTo("All 2 Consul checks passing");

			// the node's own check counts for every service on it
			assertThat(consul.setCheckStatus("serfHealth", "critical")).isTrue();
			awaitTrue(() -> this.live.get("consul-api").state().status() == CheckStatus.CRITICAL);
			assertThat(this.live.get("consul-api").state().message()).contains("Serf Health Status critical");
			consul.setCheckStatus("serfHealth", "passing");
			awaitTrue(() -> this.live.get("consul-api").state().status() == CheckStatus.OK
					&& this.live.get("consul-web").state().status() == CheckStatus.WARNING);

			client.agent().fail("web-http", "connection refused");
			awaitTrue(() -> this.live.get("consul-web").state().status() == CheckStatus.CRITICAL);
			assertThat(this.live.get("consul-web").state().message())
				.isEqualTo("http critical: connection refused; disk warning: 85% used");
			client.agent().deregisterService("api-1");
			awaitTrue(() -> this.live.get("consul-api") == null);
			client.agent().deregisterService("web-1");
			awaitTrue(() -> this.live.get("consul-web") == null);
		}
	}

	@Test
	void commandChecksFromConfiguration() {
		TrackedCheck disk = await(() -> polled("disk"));
		assertThat(disk.state().status()).isEqualTo(CheckStatus.OK);
		assertThat(disk.state().message()).isEqualTo("DISK OK - 42% used");
		assertThat(disk.definition().source()).isEqualTo(CheckSource.CONFIG);
		TrackedCheck load = await(() -> polled("load"));
		assertThat(load.state().status()).isEqualTo(CheckStatus.WARNING);
		assertThat(load.state().message()).isEqualTo("LOAD WARNING - 7.1");
		TrackedCheck odd = await(() -> polled("odd"));
		assertThat(odd.state().status()).isEqualTo(CheckStatus.UNKNOWN);
		assertThat(odd.state().message()).isEqualTo("Exit code 7 [no output]");
		TrackedCheck stuck = await(() -> polled("stuck"));
		assertThat(stuck.state().status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(stuck.state().message()).isEqualTo("Command timed out after 1s");
		// configuration owns them: the API can neither replace nor delete them
		Http http = new Http(this.port);
		assertThat(http.send(http.request("/checks/disk").header("Authorization", "Bearer s3cret").DELETE().build())
			.statusCode()).isEqualTo(409);
		assertThat(http
			.send(authorized(http, "/check/add", "{\"id\": \"disk\", \"url\": \"" + endpoints.url("/ok") + "\"}"))
			.statusCode()).isEqualTo(409);
		assertThat(http.get("/check/list").body()).contains("\"disk\": \"command:[\\\"sh\\\",\\\"-c\\\",");
	}

	@Test
	void aMegaphoneCacheFileIsImportedOnceAtStartUp() throws IOException {
		TrackedCheck imported = await(() -> polled("imported-web"));
		assertThat(imported.definition().source()).isEqualTo(CheckSource.MEGAPHONE);
		assertThat(imported.state().status()).isEqualTo(CheckStatus.OK);
		assertThat(this.live.get("imported-leak")).isNull();
		// the same content is not imported again (at the next start-up, say)
		assertThat(this.importer.importFileOnce(megaphoneCache)).isNull();
	}

	@Test
	void writesNeedTheTokenReadsDoNot() {
		Http http = new Http(this.port);
		HttpResponse<String> refused = http.post("/check/add",
				"{\"id\": \"t\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
		assertThat(http.send(http.request("/checks/t").DELETE().build()).statusCode()).isEqualTo(401);
		assertThat(
				http.send(authorized(http, "/check/add", "{\"id\": \"t\", \"url\": \"" + endpoints.url("/ok") + "\"}"))
					.statusCode())
			.isEqualTo(200);
		assertThat(http.get("/status").statusCode()).isEqualTo(200);
		assertThat(http.get("/check/list").body()).contains("\"t\"");
		assertThat(http.send(http.request("/checks/t").header("Authorization", "Bearer s3cret").DELETE().build())
			.statusCode()).isEqualTo(204);
	}

	@Test
	void publishesToZooKeeperAndWebhooksOnChanges() throws Exception {
		try (CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
				new RetryOneTime(100))) {
			client.start();
			String first = awaitZnode(client, (data) -> data.contains("\"disk\""));
			assertThat(first).contains("\"status\":").contains("\"publishedBy\":\"test-integrations\"");
			Http http = new Http(this.port);
			http.send(authorized(http, "/check/add",
					"{\"id\": \"zk-critical\", \"url\": \"" + endpoints.url("/critical") + "\"}"));
			String critical = awaitZnode(client, (data) -> data.contains("\"zk-critical\":{\"status\":\"Critical\""));
			assertThat(critical).startsWith("{\"status\":\"Critical\"")
				.contains("zk-critical:Critical:The database is down");
			awaitTrue(() -> webhooks.stream().anyMatch((body) -> body.contains("\"status\":\"Critical\"")));
			assertThat(webhooks).anyMatch((body) -> body.contains("\"previous\":"));
			http.send(http.request("/checks/zk-critical").header("Authorization", "Bearer s3cret").DELETE().build());
			awaitZnode(client, (data) -> !data.contains("zk-critical"));
		}
	}

	private String awaitZnode(CuratorFramework client, java.util.function.Predicate<String> condition) {
		return await(() -> {
			try {
				if (client.checkExists().forPath("/test/status") == null) {
					return null;
				}
				String data = new String(client.getData().forPath("/test/status"), StandardCharsets.UTF_8);
				return condition.test(data) ? data : null;
			}
			catch (Exception ex) {
				return null;
			}
		});
	}

	private static HttpRequest authorized(Http http, String path, String body) {
		return http.request(path)
			.header("Authorization", "Bearer s3cret")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private TrackedCheck polled(String id) {
		TrackedCheck check = this.live.get(id);
		return (check != null && check.state().polledAt() != null) ? check : null;
	}

	private static String instance(String name, int port, String labels) {
		return "{\"name\": \"" + name + "\", \"host\": \"127.0.0.1\", \"port\": " + port
				+ ", \"url\": null, \"tags\": [], \"version\": null, \"labels\": " + labels
				+ ", \"firstSeen\": \"2026-11-22T14:00:00Z\", \"lastSeen\": \"2026-11-22T14:13:00Z\", \"alive\": true}";
	}

	private static void send(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static <T> T await(java.util.function.Supplier<T> supplier) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(supplier::get, (value) -> value != null);
	}

	private static void awaitTrue(java.util.function.Supplier<Boolean> condition) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition::get);
	}

}
