package io.cairn.registry.config;

/**
 * A servreg-style command-line option with a value the registry cannot use.
 */
public class InvalidCommandLineOptionException extends IllegalArgumentException {

	private final String option;

	private final String expected;

	InvalidCommandLineOptionException(String option, String expected) {
		super("Invalid option " + option + ": expected " + expected);
		this.option = option;
		this.expected = expected;
	}

	/**
	 * The option as given.
	 * @return the option
	 */
	public String option() {
		return this.option;
	}

	/**
	 * What a valid value looks like.
	 * @return the expectation
	 */
	public String expected() {
		return this.expected;
	}

}
