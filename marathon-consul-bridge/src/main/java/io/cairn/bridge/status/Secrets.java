package io.cairn.bridge.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.support.security.Redaction;

/**
 * The secrets the bridge is configured with (its write token, the Consul ACL token, the
 * Marathon password), masked wherever text leaves the bridge: the status answer and the
 * console, {@code recentErrors} and {@code recentEvents}, and log lines that carry
 * messages from elsewhere. URLs are redacted at their source with {@link Redaction}; this
 * is the last line for a secret that reached a message some other way (an error body that
 * echoes a request, say).
 */
public final class Secrets {

	private final List<String> values;

	/**
	 * Create the set.
	 * @param values the secret values (null and blank ones are ignored)
	 */
	public Secrets(Collection<? extends @Nullable String> values) {
		List<String> kept = new ArrayList<>();
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				kept.add(value);
			}
		}
		this.values = List.copyOf(kept);
	}

	/**
	 * No known secret: only URLs' user-info passwords and secret query values are masked.
	 * @return the set
	 */
	public static Secrets none() {
		return new Secrets(List.of());
	}

	/**
	 * Text with every known secret, URL password and secret query value masked.
	 * @param text the text
	 * @return the masked text
	 */
	public String redact(String text) {
		String redacted = Redaction.secrets(text, this.values);
		return (redacted != null) ? redacted : "";
	}

	/**
	 * As {@link #redact}, keeping {@code null}.
	 * @param text the text, or null
	 * @return the masked text, or null
	 */
	public @Nullable String redactNullable(@Nullable String text) {
		return (text != null) ? redact(text) : null;
	}

}
