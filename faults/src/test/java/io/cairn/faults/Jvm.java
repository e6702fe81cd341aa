package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the suite finds Java, the packaged jars and its own classpath, and free ports.
 */
final class Jvm {

	private Jvm() {
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * This JVM's classpath, for child JVMs that run classes of the suite or its
	 * dependencies (ZooKeeper's server, the in-namespace forwarder).
	 */
	static String classpath() {
		return System.getProperty("java.class.path");
	}

	static Path root() {
		return Path.of(System.getProperty("faults.root", "..")).toAbsolutePath().normalize();
	}

	/**
	 * A packaged app jar, built by the reactor (-am) or by
	 * {@code ./mvnw -pl <app> -am package -DskipTests}.
	 */
	static Path jar(String module) {
		Path jar = root().resolve(module).resolve("target").resolve(module + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build with ./mvnw -Pfaults -pl faults -am verify "
					+ "-DskipTests, or package the apps first (docs/faults.md)");
		}
		return jar;
	}

	static Path workDirectory(String name) {
		try {
			Path directory = Path.of("target", "faults", name).toAbsolutePath();
			Files.createDirectories(directory);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A work directory emptied of what an earlier run left in it. */
	static Path freshDirectory(String name) {
		Path directory = workDirectory(name);
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).filter((path) -> !path.equals(directory)).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return directory;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
