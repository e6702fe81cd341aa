package io.cairn.bridge.marathon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What may be taken as a host: a DNS host name or an IP literal, and nothing else (no
 * port, path, query, fragment, user part or whitespace), so that a host string from
 * outside can never steer a request to another port or path than the agent's.
 */
public final class HostNames {

	/** The longest host name accepted (DNS's limit). */
	public static final int MAX_LENGTH = 253;

	private static final Pattern NAME = Pattern.compile(
			"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

	private static final Pattern IPV4 = Pattern
		.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}" + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

	private HostNames() {
	}

	/**
	 * Whether a string is a host name or an IP literal (IPv6 bare or in brackets).
	 * @param host the string
	 * @return true when it is
	 */
	public static boolean isValid(@Nullable String host) {
		if (host == null || host.isEmpty() || host.length() > MAX_LENGTH) {
			return false;
		}
		if (host.indexOf(':') >= 0) {
			String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
			if (!IPV6_CHARACTERS.matcher(bare).matches() || bare.indexOf(':') < 0) {
				return false;
			}
			try {
				// Only hex digits, colons and dots: parsed as a literal, never looked up.
				return InetAddress.getByName(bare).getHostAddress().indexOf(':') >= 0;
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		if (IPV4.matcher(host).matches()) {
			return true;
		}
		// A dotted string of digits that is no IPv4 address (999.1.1.1) is not a name
		// either.
		return NAME.matcher(host).matches() && !host.chars().allMatch((c) -> c == '.' || Character.isDigit(c));
	}

}
