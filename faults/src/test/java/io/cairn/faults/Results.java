package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scenario's result line and the rules it is judged by. Every figure is printed before
 * any rule is applied, so a failing run still shows all of them; the rules that broke are
 * thrown together at the end.
 */
final class Results {

	private final String scenario;

	private final List<String> figures = new ArrayList<>();

	private final List<String> broken = new ArrayList<>();

	Results(String scenario) {
		this.scenario = scenario;
	}

	Results figure(String name, Object value) {
		this.figures.add(name + "=" + value);
		return this;
	}

	Results seconds(String name, Duration duration) {
		return figure(name,
				duration.isNegative() ? "never" : String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0));
	}

	/** A rule the suite fails on, e.g. no acknowledged write lost. */
	Results require(boolean holds, String rule) {
		if (!holds) {
			this.broken.add(rule);
		}
		return this;
	}

	/** A recovery bound: the measured time must be known and within the bound. */
	Results within(String name, Duration measured, Duration bound) {
		seconds(name, measured);
		return require(!measured.isNegative() && measured.compareTo(bound) <= 0,
				name + " within " + bound.toSeconds() + " s");
	}

	/** Print the result line, append it to the results file, and fail if a rule broke. */
	void report() {
		String line = "RESULT " + this.scenario + ": " + String.join(", ", this.figures)
				+ (this.broken.isEmpty() ? " -> PASS" : " -> FAIL " + this.broken);
		System.out.println(line);
		Path file = Path.of(System.getProperty("faults.results", "target/faults-results.txt"));
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!this.broken.isEmpty()) {
			throw new AssertionError(line);
		}
	}

}
