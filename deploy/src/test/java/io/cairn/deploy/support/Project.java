package io.cairn.deploy.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are in the checkout. Tests run with the {@code deploy} module as the
 * working directory.
 */
public final class Project {

	private Project() {
	}

	/**
	 * The project root (the folder with the root {@code pom.xml} and {@code ./cairn}).
	 * @return the root
	 */
	public static Path root() {
		Path here = Path.of("").toAbsolutePath();
		for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve("cairn")) && Files.isDirectory(candidate.resolve("deploy"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No Cairn checkout above " + here);
	}

	/**
	 * A file or folder of the deploy module.
	 * @param relative its path inside {@code deploy/}
	 * @return the path
	 */
	public static Path deploy(String relative) {
		return root().resolve("deploy").resolve(relative);
	}

}
