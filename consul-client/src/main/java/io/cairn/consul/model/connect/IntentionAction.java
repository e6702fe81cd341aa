package io.cairn.consul.model.connect;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an intention does with the connections it matches.
 */
public enum IntentionAction {

	/** Connections are allowed. */
	@JsonProperty("allow")
	ALLOW,

	/** Connections are refused. */
	@JsonProperty("deny")
	DENY,

	/** An action this client does not know (a newer Consul). */
	@JsonEnumDefaultValue
	UNKNOWN;

	/**
	 * The wire name.
	 * @return {@code allow} or {@code deny}
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
