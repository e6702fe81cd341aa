package io.cairn.status.check;

import java.util.Locale;

/**
 * Where a check came from. Discovery sources only ever add and remove their own checks.
 */
public enum CheckSource {

	/** Added through the API. */
	API,

	/** A command check from {@code cairn.status.commands}. */
	CONFIG,

	/** An instance in registry-service carrying a status URL. */
	REGISTRY,

	/** A Consul service's health. */
	CONSUL,

	/** Imported from a Megaphone cache file. */
	MEGAPHONE;

	/**
	 * The lower-case name used in the API.
	 * @return the name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
