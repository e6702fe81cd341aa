package io.cairn.registry.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the registry accepts from clients. servreg accepted anything (a port string, a
 * name with newlines); these rules reject bad input with a message that names the field.
 */
public final class RegistrationRules {

	/** The longest service name, in characters. */
	public static final int MAX_NAME_LENGTH = 255;

	/** At most this many tags per instance. */
	public static final int MAX_TAGS = 32;

	/** At most this many labels per instance. */
	public static final int MAX_LABELS = 32;

	/** The longest tag, version or label key. */
	public static final int MAX_SHORT_TEXT = 128;

	/** The longest label value or URL. */
	public static final int MAX_LONG_TEXT = 2048;

	private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(%[a-z0-9_.-]+)?");

	private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

	private RegistrationRules() {
	}

	/**
	 * Check a service name: not empty, at most 255 characters, no control characters.
	 * @param field the parameter name to report
	 * @param name the name
	 * @return the name
	 */
	public static String serviceName(String field, String name) {
		if (name.isEmpty()) {
			throw new InvalidInputException(field, "The service name is empty.");
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			throw new InvalidInputException(field,
					"The service name is longer than " + MAX_NAME_LENGTH + " characters.");
		}
		if (name.codePoints().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException(field, "The service name contains control characters.");
		}
		visibleText(field, name, "The service name");
		return name;
	}

	/**
	 * Refuse text that would not read as what it is: characters that change the direction
	 * of the text around them or take no space (U+202E, U+200B, U+FEFF and the other
	 * format characters), line and paragraph separators, noncharacters, and halves of a
	 * surrogate pair without their other half (which cannot be stored as UTF-8 and would
	 * turn into '?', so that two different names would collide). A console shows names as
	 * they are; these characters would let one service pass for another.
	 * @param field the parameter name to report
	 * @param value the text
	 * @param what how to name the text in the message, such as "The service name"
	 */
	public static void visibleText(String field, String value, String what) {
		for (int i = 0; i < value.length();) {
			int c = value.codePointAt(i);
			String problem = hiddenCharacter(c);
			if (problem != null) {
				throw new InvalidInputException(field, what + " contains " + problem + " at position " + i
						+ "; only visible characters and spaces are accepted.");
			}
			i += Character.charCount(c);
		}
	}

	private static @Nullable String hiddenCharacter(int c) {
		if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
			return String.format("an unpaired surrogate (U+%04X)", c);
		}
		int type = Character.getType(c);
		if (type == Character.FORMAT) {
			return String.format("an invisible or direction-changing character (U+%04X)", c);
		}
		if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
			return String.format("a line or paragraph separator (U+%04X)", c);
		}
		if ((c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
			return String.format("a noncharacter (U+%04X)", c);
		}
		return null;
	}

	/**
	 * Check and normalise a host: a DNS name (lower-cased) or an IPv4 or IPv6 literal
	 * (brackets removed). Nothing is resolved.
	 * @param field the parameter name to report
	 * @param host the host
	 * @return the normalised host
	 */
	public static String host(String field, String host) {
		String candidate = host.trim().toLowerCase(Locale.ROOT);
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		if (candidate.isEmpty()) {
			throw new InvalidInputException(field, "The host is empty.");
		}
		if (candidate.indexOf(':') >= 0) {
			if (isIpv6(candidate)) {
				return candidate;
			}
			throw new InvalidInputException(field, "'" + printable(host) + "' is not a valid IPv6 address.");
		}
		if (IPV4.matcher(candidate).matches()) {
			for (String octet : candidate.split("\\.")) {
				if (Integer.parseInt(octet) > 255) {
					throw new InvalidInputException(field, "'" + printable(host) + "' is not a valid IPv4 address.");
				}
			}
			return candidate;
		}
		String name = candidate.endsWith(".") ? candidate.substring(0, candidate.length() - 1) : candidate;
		if (name.length() > 253 || name.isEmpty()) {
			throw new InvalidInputException(field, "'" + printable(host) + "' is not a valid host name.");
		}
		for (String label : name.split("\\.", -1)) {
			if (!HOST_LABEL.matcher(label).matches()) {
				throw new InvalidInputException(field, "'" + printable(host)
						+ "' is not a valid host name (letters, digits and hyphens in dot-separated labels).");
			}
		}
		return name;
	}

	/**
	 * Check a port number.
	 * @param field the parameter name to report
	 * @param port the port
	 * @return the port
	 */
	public static int port(String field, long port) {
		if (port < 1 || port > 65535) {
			throw new InvalidInputException(field, "The port must be between 1 and 65535, not " + port + ".");
		}
		return (int) port;
	}

	/**
	 * Check a URL given in emerald's {@code ping(name, url)} form and take the endpoint
	 * from it.
	 * @param field the parameter name to report
	 * @param url the URL
	 * @return the endpoint (the scheme's default port when none is given)
	 */
	public static Endpoint endpointOf(String field, String url) {
		if (url.length() > MAX_LONG_TEXT) {
			throw new InvalidInputException(field, "The URL is longer than " + MAX_LONG_TEXT + " characters.");
		}
		visibleText(field, url, "The URL");
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidInputException(field, "'" + printable(url) + "' is not a valid URL.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidInputException(field, "The URL must be http or https.");
		}
		if (uri.getHost() == null) {
			throw new InvalidInputException(field, "The URL '" + printable(url) + "' has no host.");
		}
		// An explicit port is checked like any other (":0" is no way of saying "the
		// default").
		int port = (uri.getPort() >= 0) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		return new Endpoint(host(field, uri.getHost()), port(field, port));
	}

	/**
	 * Check metadata against the size limits.
	 * @param field the parameter name to report
	 * @param tags the tags
	 * @param version the version
	 * @param labels the labels
	 * @return the metadata
	 */
	public static InstanceMetadata metadata(String field, List<String> tags, @Nullable String version,
			Map<String, String> labels) {
		if (tags.size() > MAX_TAGS) {
			throw new InvalidInputException(field + ".tags", "At most " + MAX_TAGS + " tags are allowed.");
		}
		for (String tag : tags) {
			text(field + ".tags", tag, MAX_SHORT_TEXT, false);
		}
		if (version != null) {
			text(field + ".version", version, MAX_SHORT_TEXT, false);
		}
		if (labels.size() > MAX_LABELS) {
			throw new InvalidInputException(field + ".labels", "At most " + MAX_LABELS + " labels are allowed.");
		}
		labels.forEach((key, value) -> {
			if (key.length() > MAX_SHORT_TEXT || !LABEL_KEY.matcher(key).matches()) {
				throw new InvalidInputException(field + ".labels",
						"Label keys are letters, digits, '.', '_', '/' and '-', at most " + MAX_SHORT_TEXT
								+ " characters; '" + printable(key) + "' is not.");
			}
			text(field + ".labels." + key, value, MAX_LONG_TEXT, true);
		});
		return new InstanceMetadata(tags, version, labels);
	}

	private static void text(String field, String value, int maxLength, boolean emptyAllowed) {
		if (value.isEmpty() && !emptyAllowed) {
			throw new InvalidInputException(field, "'" + field + "' must not be empty.");
		}
		if (value.length() > maxLength) {
			throw new InvalidInputException(field, "'" + field + "' is longer than " + maxLength + " characters.");
		}
		if (value.codePoints().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException(field, "'" + field + "' contains control characters.");
		}
		visibleText(field, value, "'" + field + "'");
	}

	private static boolean isIpv6(String candidate) {
		if (!IPV6.matcher(candidate).matches()) {
			return false;
		}
		try {
			// A literal with ':' is parsed, never looked up.
			return java.net.InetAddress.getByName(candidate) instanceof java.net.Inet6Address;
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Make client text safe to quote in a message: control, invisible and
	 * direction-changing characters and unpaired surrogates become '?', and long text is
	 * cut.
	 * @param value the text
	 * @return the printable text
	 */
	public static String printable(String value) {
		// Cut so as not to split a surrogate pair (its half would print as '?').
		int end = (value.length() > 80 && Character.isHighSurrogate(value.charAt(79))) ? 79 : 80;
		String cut = (value.length() > 80) ? value.substring(0, end) + "..." : value;
		StringBuilder out = new StringBuilder(cut.length());
		cut.codePoints()
			.forEach((c) -> out.appendCodePoint((Character.isISOControl(c) || hiddenCharacter(c) != null) ? '?' : c));
		return out.toString();
	}

}
