package io.cairn.status.probe;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The secrets checks may name: {@code cairn.status.secrets.<name>}, read from Spring's
 * environment, so they come from a configuration file, an environment variable
 * ({@code CAIRN_STATUS_SECRETS_SEARCH_TOKEN} for {@code search-token}) or a mounted
 * secret ({@code spring.config.import=configtree:/run/secrets/}). Only names under this
 * prefix can be named: a check cannot send the database password or any other property to
 * its target. Values are read when a check is polled (a rotated secret is used at the
 * next poll) and never stored, shown or logged.
 */
public class CheckSecrets {

	/** The property prefix secrets live under. */
	public static final String PREFIX = "cairn.status.secrets.";

	private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private final Environment environment;

	/**
	 * Read secrets from an environment.
	 * @param environment Spring's environment
	 */
	public CheckSecrets(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Whether a text can be a secret's name: 1 to 64 lower-case letters, digits and inner
	 * hyphens.
	 * @param name the text
	 * @return true when it can
	 */
	public static boolean validName(String name) {
		return NAME.matcher(name).matches();
	}

	/**
	 * A secret's value.
	 * @param name its name
	 * @return the value, or null when it is not set (or empty)
	 */
	public @Nullable String value(String name) {
		if (!validName(name)) {
			return null;
		}
		String value = this.environment.getProperty(PREFIX + name);
		return (value == null || value.isEmpty()) ? null : value;
	}

}
