package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a ZooKeeper connect string, the registry registers itself through Spring Cloud
 * Zookeeper (on a real in-process ZooKeeper) and reports ZooKeeper in its health.
 */
class ZookeeperRegistrationTests {

	private static TestingServer zookeeper;

	private static ConfigurableApplicationContext registry;

	@BeforeAll
	static void start() throws Exception {
		zookeeper = new TestingServer(true);
		registry = new SpringApplicationBuilder(RegistryServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + SharedPostgres.newDatabase(),
				"--spring.datasource.username=" + SharedPostgres.user(),
				"--spring.cloud.zookeeper.connect-string=" + zookeeper.getConnectString());
	}

	@AfterAll
	static void stop() throws Exception {
		if (registry != null) {
			registry.close();
		}
		if (zookeeper != null) {
			zookeeper.close();
		}
	}

	@Test
	void registersItselfUnderServices() throws Exception {
		try (CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
				new RetryOneTime(100))) {
			client.start();
			List<String> instances = client.getChildren().forPath("/services/registry-service");
			assertThat(instances).hasSize(1);
			String payload = new String(client.getData().forPath("/services/registry-service/" + instances.get(0)));
			int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
			assertThat(payload).contains("\"port\":" + port);
		}
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:"
						+ ((WebServerApplicationContext) registry).getWebServer().getPort() + "/actuator/health"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(JsonMapper.builder()
			.build()
			.readTree(health.body())
			.get("components")
			.get("zookeeper")
			.get("status")
			.asString()).isEqualTo("UP");
	}

}
