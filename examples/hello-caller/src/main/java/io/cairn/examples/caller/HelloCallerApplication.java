package io.cairn.examples.caller;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Calls hello-service by its name through a {@code @LoadBalanced} {@code RestClient}.
 * Spring Cloud LoadBalancer takes the instances from registry-client's watched cache, so
 * a hello-service instance started a moment ago answers the next calls, and one stopped
 * is skipped at once.
 */
@SpringBootApplication
@RestController
public class HelloCallerApplication {

	private final RestClient hello;

	HelloCallerApplication(RestClient.Builder loadBalanced) {
		this.hello = loadBalanced.baseUrl("http://hello-service").build();
	}

	public static void main(String[] args) {
		// JDK 17 on <= 2 CPUs: else registry-client's HttpClient starts a thread per call
		// (docs/consul-client.md, "On hosts with 2 CPUs or fewer"). A -D setting stays.
		if (Runtime.getRuntime().availableProcessors() <= 2) {
			System.getProperties().putIfAbsent("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
		}
		SpringApplication.run(HelloCallerApplication.class, args);
	}

	@GetMapping("/call")
	@SuppressWarnings("unchecked")
	Map<String, Object> call() {
		Map<String, Object> answer = this.hello.get().uri("/hello").retrieve().body(Map.class);
		return (answer != null) ? answer : Map.of();
	}

	@Configuration(proxyBeanMethods = false)
	static class LoadBalancing {

		/** The builder of clients that resolve service names through the registry. */
		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
