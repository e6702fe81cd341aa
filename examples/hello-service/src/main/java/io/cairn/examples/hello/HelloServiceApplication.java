package io.cairn.examples.hello;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service that says hello and which instance answered. It has no registry code: with
 * registry-client on the classpath and {@code cairn.registry.client.urls} set, it
 * registers itself on start-up (with its web server's port and its Actuator health URL),
 * renews on the registry's schedule, and deregisters on shutdown.
 */
@SpringBootApplication
@RestController
public class HelloServiceApplication {

	private final Environment environment;

	HelloServiceApplication(Environment environment) {
		this.environment = environment;
	}

	public static void main(String[] args) {
		// JDK 17 on <= 2 CPUs: else registry-client's HttpClient starts a thread per call
		// (docs/consul-client.md, "On hosts with 2 CPUs or fewer"). A -D setting stays.
		if (Runtime.getRuntime().availableProcessors() <= 2) {
			System.getProperties().putIfAbsent("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
		}
		SpringApplication.run(HelloServiceApplication.class, args);
	}

	@GetMapping("/hello")
	Greeting hello() {
		return new Greeting("hello", this.environment.getProperty("local.server.port", "?"));
	}

	/**
	 * The answer.
	 *
	 * @param message the greeting
	 * @param port the port of the instance that answered
	 */
	record Greeting(String message, String port) {
	}

}
