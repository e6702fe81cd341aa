package io.cairn.faults;

import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;

/**
 * Which apps' scenarios this run plays ({@code -Dfaults.scenarios=registry,bridge}).
 */
final class Scenarios {

	private Scenarios() {
	}

	static void assumeSelected(String app) {
		String selected = System.getProperty("faults.scenarios", "registry,status,bridge");
		Assumptions.assumeTrue(Arrays.asList(selected.split(",")).contains(app),
				app + " is not in -Dfaults.scenarios=" + selected);
	}

}
