package io.cairn.registry;

import io.cairn.support.jvm.CommonPoolParallelism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * registry-service: {@code java -jar registry-service.jar} starts it on port 5000 with an
 * embedded PostgreSQL under {@code ./data/registry-service}. servreg's options
 * ({@code --host}, {@code --port}, {@code --dburl}, {@code --accesslog}) work as before.
 */
@SpringBootApplication
public class RegistryServiceApplication {

	/**
	 * Start the registry.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		CommonPoolParallelism.ensureMinimum();
		SpringApplication.run(RegistryServiceApplication.class, args);
	}

}
