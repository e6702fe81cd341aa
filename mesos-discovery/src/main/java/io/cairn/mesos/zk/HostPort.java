package io.cairn.mesos.zk;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A host and port as written in connect strings and master addresses: {@code host:port},
 * {@code 10.0.0.1:5050} or {@code [::1]:5050}.
 *
 * @param host the host name or IP address (IPv6 without brackets)
 * @param port the port
 */
public record HostPort(String host, int port) {

	/**
	 * Dot-separated labels of letters, digits, {@code -} (not at either end) and
	 * {@code _}; the last label starts with a letter (or {@code _}), as URLs require.
	 */
	private static final Pattern HOST_NAME = Pattern
		.compile("([A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\\.)*[A-Za-z_]([A-Za-z0-9_-]*[A-Za-z0-9_])?");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%A-Za-z]+");

	private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	public HostPort {
		if (!isHost(host)) {
			throw new InvalidUrlException("'" + host + "' is not a host name or IP address");
		}
		if (port < 1 || port > 65535) {
			throw new InvalidUrlException("port " + port + " is out of range 1-65535");
		}
	}

	/**
	 * Whether a text can stand as the host of a URL: a host name, an IPv4 address, or an
	 * IPv6 address without brackets. Nothing that would change the URL's meaning (space,
	 * {@code /}, {@code ?}, {@code #}, {@code @}) passes, and digits and dots must make
	 * an IPv4 address. Underscores are allowed, as container host names have them (the
	 * JDK's HTTP client refuses such names; ZooKeeper does not).
	 * @param host the text
	 * @return whether it is a host
	 */
	public static boolean isHost(String host) {
		if (DIGITS_AND_DOTS.matcher(host).matches()) {
			return IPV4.matcher(host).matches();
		}
		return HOST_NAME.matcher(host).matches() || (host.indexOf(':') >= 0 && IPV6.matcher(host).matches());
	}

	/**
	 * Parses {@code host[:port]}.
	 * @param value the text
	 * @param defaultPort the port when none is given, or {@code null} if one is required
	 * @param context what the text came from, for the message
	 * @return the host and port
	 * @throws InvalidUrlException if the text is not a host and port
	 */
	public static HostPort parse(String value, @Nullable Integer defaultPort, String context) {
		String host;
		String port;
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0) {
				throw new InvalidUrlException(context + ": '" + value + "' has an unclosed IPv6 bracket");
			}
			host = value.substring(1, close);
			String after = value.substring(close + 1);
			if (!after.isEmpty() && !after.startsWith(":")) {
				throw new InvalidUrlException(context + ": '" + value + "' is not host:port");
			}
			port = after.isEmpty() ? null : after.substring(1);
			if (!IPV6.matcher(host).matches() || !host.contains(":")) {
				throw new InvalidUrlException(context + ": '" + host + "' is not an IPv6 address");
			}
		}
		else {
			int colon = value.lastIndexOf(':');
			host = (colon < 0) ? value : value.substring(0, colon);
			port = (colon < 0) ? null : value.substring(colon + 1);
			if (host.isEmpty()) {
				throw new InvalidUrlException(context + ": empty host in '" + value + "'");
			}
			if (!isHost(host) || host.indexOf(':') >= 0) {
				throw new InvalidUrlException(context + ": '" + host + "' is not a host name or IP address");
			}
		}
		if (port == null) {
			if (defaultPort == null) {
				throw new InvalidUrlException(context + ": '" + value + "' has no port (expected host:port)");
			}
			return new HostPort(host, defaultPort);
		}
		try {
			int number = Integer.parseInt(port);
			if (number < 1 || number > 65535) {
				throw new InvalidUrlException(context + ": port " + port + " is out of range 1-65535");
			}
			return new HostPort(host, number);
		}
		catch (NumberFormatException ex) {
			throw new InvalidUrlException(context + ": '" + port + "' in '" + value + "' is not a port number");
		}
	}

	/**
	 * This host and port as a URL authority: IPv6 addresses get brackets.
	 * @return {@code host:port} or {@code [v6]:port}
	 */
	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
