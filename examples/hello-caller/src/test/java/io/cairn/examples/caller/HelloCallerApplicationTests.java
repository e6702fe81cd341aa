package io.cairn.examples.caller;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.Registration;
import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.TestApplications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caller as a user runs it, against a real registry-service: {@code /call} reaches
 * whatever instance is registered as hello-service, including one registered while it
 * runs.
 */
class HelloCallerApplicationTests {

	private static RegistryServiceProcess registry;

	private static RegistryClient registrar;

	@BeforeAll
	static void startRegistry() {
		registry = RegistryServiceProcess.start();
		registrar = RegistryClient.builder().urls(registry.url()).build();
		registrar.start();
	}

	@AfterAll
	static void stopRegistry() {
		registrar.close();
		registry.close();
	}

	@Test
	void callsHelloServiceInstancesAsTheyComeAndGo() throws Exception {
		// Through main, as a user runs it (main tunes the JVM before Spring starts).
		ConfigurableApplicationContext caller = SpringApplication.from(HelloCallerApplication::main)
			.run("--" + TestApplications.EXCLUDE_SERVER_SIDE, "--PORT=0", "--CAIRN_REGISTRY_URLS=" + registry.url())
			.getApplicationContext();
		HttpServer first = hello("first");
		HttpServer second = hello("second");
		try {
			URI call = URI
				.create("http://127.0.0.1:" + caller.getEnvironment().getProperty("local.server.port") + "/call");
			Registration one = registrar.register(NewInstance.of("hello-service", "127.0.0.1", port(first)));
			await().atMost(Duration.ofSeconds(60)).until(() -> get(call).contains("first"));
			registrar.register(NewInstance.of("hello-service", "127.0.0.1", port(second)));
			one.close();
			await().atMost(Duration.ofSeconds(20)).until(() -> get(call).contains("second"));
			for (int i = 0; i < 5; i++) {
				assertThat(get(call)).contains("second");
			}
		}
		finally {
			caller.close();
			first.stop(0);
			second.stop(0);
		}
	}

	private static String get(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private static int port(HttpServer server) {
		return server.getAddress().getPort();
	}

	/** A stand-in hello-service instance. */
	private static HttpServer hello(String name) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/hello", (exchange) -> {
			byte[] body = ("{\"message\":\"hello\",\"port\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

}
