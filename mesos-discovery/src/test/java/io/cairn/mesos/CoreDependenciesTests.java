package io.cairn.mesos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each part of the library needs, read from the compiled classes' constant pools:
 * only {@code autoconfigure} refers to Spring or Micrometer, only {@code cli} to picocli,
 * so the rest (the core) runs without any of them.
 */
class CoreDependenciesTests {

	private static final Path CLASSES = Path.of("target", "classes", "io", "cairn", "mesos");

	private static List<Path> classesOutside(String... packages) throws IOException {
		try (Stream<Path> files = Files.walk(CLASSES)) {
			return files.filter((file) -> file.toString().endsWith(".class"))
				.filter((file) -> Stream.of(packages).noneMatch((name) -> file.startsWith(CLASSES.resolve(name))))
				.toList();
		}
	}

	private static boolean refersTo(Path classFile, String internalPrefix) {
		try {
			return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(internalPrefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void theCoreRefersToNoSpringClass() throws IOException {
		List<Path> core = classesOutside("autoconfigure");
		assertThat(core).hasSizeGreaterThan(50);
		assertThat(core).noneMatch((file) -> refersTo(file, "org/springframework/"));
		assertThat(core).noneMatch((file) -> refersTo(file, "io/micrometer/"));
	}

	@Test
	void onlyTheCommandRefersToPicocli() throws IOException {
		assertThat(classesOutside("cli")).noneMatch((file) -> refersTo(file, "picocli/"));
	}

	@Test
	void theAutoConfigurationIsWhereSpringIs() throws IOException {
		try (Stream<Path> files = Files.list(CLASSES.resolve("autoconfigure"))) {
			assertThat(files.filter((file) -> file.toString().endsWith(".class")))
				.anyMatch((file) -> refersTo(file, "org/springframework/boot/"));
		}
	}

}
