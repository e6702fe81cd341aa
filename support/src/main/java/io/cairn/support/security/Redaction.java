package io.cairn.support.security;

import java.net.URI;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hides secrets in text that leaves the process: API answers, consoles, log lines, error
 * messages and metric tags. A secret is replaced by {@value #MASK}.
 * <ul>
 * <li>{@link #url} and {@link #text}: the password of a URL's user-info and the values of
 * query parameters whose names say they are secrets ({@code token}, {@code password},
 * {@code secret}, {@code key}, {@code auth}, {@code signature}, ...).</li>
 * <li>{@link #urlOrigin}: everything after scheme, host and port, for URLs whose path is
 * itself the secret (Slack, Teams and most other incoming webhooks).</li>
 * <li>{@link #secrets}: known secret values (a configured token) wherever they
 * appear.</li>
 * </ul>
 */
public final class Redaction {

	/**
	 * What a secret is replaced with.
	 */
	public static final String MASK = "***";

	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/?#@\\s:]*):[^/?#@\\s]*@");

	private static final Pattern SECRET_PARAMETER = Pattern.compile(
			"([?&;](?:[\\w.-]*[-_.])?(?:token|access_token|password|passwd|pwd|pass|secret|key|apikey|api_key|"
					+ "auth|authorization|signature|sig|sign|credential|credentials|session)=)[^&#\\s\"']*",
			Pattern.CASE_INSENSITIVE);

	private Redaction() {
	}

	/**
	 * A URL with its user-info password and secret query parameter values hidden.
	 * @param url the URL, or null
	 * @return the redacted URL (null for null)
	 */
	public static @Nullable String url(@Nullable String url) {
		return text(url);
	}

	/**
	 * Any text (a log line, an exception message) with every URL's user-info password and
	 * secret query parameter values hidden.
	 * @param text the text, or null
	 * @return the redacted text (null for null)
	 */
	public static @Nullable String text(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String redacted = USER_INFO_PASSWORD.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
		return SECRET_PARAMETER.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(MASK));
	}

	/**
	 * Only the origin of a URL ({@code scheme://host:port}), followed by {@value #MASK}
	 * when anything came after it: for URLs whose path or query is the secret.
	 * @param url the URL, or null
	 * @return the origin, {@value #MASK} when the text is not a URL, or null for null
	 */
	public static @Nullable String urlOrigin(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url.trim());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return MASK;
			}
			String origin = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
			boolean more = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
					|| uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null;
			return more ? origin + "/" + MASK : origin;
		}
		catch (IllegalArgumentException ex) {
			return MASK;
		}
	}

	/**
	 * Text with every occurrence of the given secret values hidden, then redacted as
	 * {@link #text} does.
	 * @param text the text, or null
	 * @param secrets known secret values (null or blank ones are ignored)
	 * @return the redacted text (null for null)
	 */
	public static @Nullable String secrets(@Nullable String text, Collection<? extends @Nullable String> secrets) {
		if (text == null) {
			return null;
		}
		String redacted = text;
		for (String secret : secrets) {
			if (secret != null && !secret.isBlank()) {
				redacted = redacted.replace(secret, MASK);
			}
		}
		return text(redacted);
	}

}
