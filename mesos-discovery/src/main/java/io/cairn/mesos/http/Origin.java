package io.cairn.mesos.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin of a URL (scheme, host, port), the unit credentials are tied to: a request
 * only carries this client's credentials and body to an origin it already trusts. Printed
 * as {@code scheme://host:port}, so no user-info, path or query of a hostile URL ever
 * reaches a message.
 *
 * @param scheme the scheme, lower case
 * @param host the host, lower case (IPv6 in brackets, as {@link URI#getHost()} gives it)
 * @param port the port, the scheme's default when the URL has none
 */
record Origin(String scheme, String host, int port) {

	/**
	 * The origin of a URL.
	 * @param url the URL
	 * @return its origin, or empty if it has no http(s) scheme or no host
	 */
	static Optional<Origin> of(URI url) {
		String scheme = url.getScheme();
		String host = url.getHost();
		if (scheme == null || host == null || host.isEmpty()) {
			return Optional.empty();
		}
		scheme = scheme.toLowerCase(Locale.ROOT);
		int port = url.getPort();
		if (port < 0) {
			port = switch (scheme) {
				case "http" -> 80;
				case "https" -> 443;
				default -> -1;
			};
		}
		return (port < 0) ? Optional.empty() : Optional.of(new Origin(scheme, host.toLowerCase(Locale.ROOT), port));
	}

	/**
	 * Whether this origin is served over TLS.
	 * @return whether the scheme is https
	 */
	boolean secure() {
		return "https".equals(this.scheme);
	}

	@Override
	public String toString() {
		return this.scheme + "://" + this.host + ":" + this.port;
	}

}
