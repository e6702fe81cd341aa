package io.cairn.deploy.project;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a consumer of the libraries or a packager looks for before anything else
 * (ecosystem review #21): a licence at the root and in every module's POM (they inherit
 * the root's), and who makes it.
 */
class ProjectMetadataTests {

	@Test
	void theLicenceIsApache2AtTheRootAndInThePom() throws IOException {
		assertThat(Files.readString(Project.root().resolve("LICENSE"))).contains("Apache License",
				"Version 2.0, January 2004");
		String pom = Files.readString(Project.root().resolve("pom.xml"));
		assertThat(pom).containsPattern("(?s)<licenses>\\s*<license>\\s*<name>Apache-2.0</name>")
			.contains("<url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>")
			.containsPattern("(?s)<developers>.*<developer>.*</developers>");
	}

}
