package io.cairn.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client needs outside Spring Boot (docs/consul-client.md, "Using it outside
 * Spring Boot 4"), read from the constant pools of the compiled classes: outside
 * {@code autoconfigure}, the Spring classes referred to are {@code DataSize} and the
 * back-off of {@code org.springframework.util.backoff} (so any {@code spring-core} that
 * has them will do), and nothing refers to Spring Boot or Micrometer.
 */
class ClientDependenciesTests {

	private static final Path CLASSES = Path.of("target", "classes", "io", "cairn", "consul");

	private static final Pattern REFERENCE = Pattern.compile("(org/springframework|io/micrometer)/[\\w/$]+");

	@Test
	void outsideTheAutoConfigurationTheOnlySpringClassesAreDataSizeAndBackOff() throws IOException {
		Set<String> referred = new TreeSet<>();
		int classes = 0;
		try (Stream<Path> files = Files.walk(CLASSES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".class"))
				.filter((f) -> !f.startsWith(CLASSES.resolve("autoconfigure")))
				.toList()) {
				classes++;
				Matcher matcher = REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
				while (matcher.find()) {
					referred.add(matcher.group());
				}
			}
		}
		assertThat(classes).isGreaterThan(100);
		assertThat(referred).containsExactlyInAnyOrder("org/springframework/util/unit/DataSize",
				"org/springframework/util/backoff/BackOff", "org/springframework/util/backoff/BackOffExecution",
				"org/springframework/util/backoff/ExponentialBackOff");
	}

}
