package io.cairn.examples.hello;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryInstance;
import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.TestApplications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example as a user runs it, against a real registry-service: it registers itself
 * with its port, version and health URL, answers, and is gone from the registry once it
 * stops.
 */
class HelloServiceApplicationTests {

	private static RegistryServiceProcess registry;

	private static RegistryClient lookups;

	@BeforeAll
	static void startRegistry() {
		registry = RegistryServiceProcess.start();
		lookups = RegistryClient.builder().urls(registry.url()).build();
		lookups.start();
	}

	@AfterAll
	static void stopRegistry() {
		lookups.close();
		registry.close();
	}

	@Test
	void registersItselfAnswersAndDeregistersOnShutdown() throws Exception {
		// Through main, as a user runs it (main tunes the JVM before Spring starts).
		ConfigurableApplicationContext service = SpringApplication.from(HelloServiceApplication::main)
			.run("--" + TestApplications.EXCLUDE_SERVER_SIDE, "--CAIRN_REGISTRY_URLS=" + registry.url())
			.getApplicationContext();
		int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> lookups.instances("hello-service").size() == 1);
			RegistryInstance instance = lookups.instances("hello-service").get(0);
			assertThat(instance.host()).isEqualTo("127.0.0.1");
			assertThat(instance.port()).isEqualTo(port);
			assertThat(instance.version()).isEqualTo("1.0.0");
			assertThat(instance.labels()).containsEntry("status-url", "http://127.0.0.1:" + port + "/actuator/health");
			HttpResponse<String> hello = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(hello.body()).contains("\"port\":\"" + port + "\"");
		}
		finally {
			service.close();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> lookups.instances("hello-service").isEmpty());
	}

}
