package io.cairn.status.probe;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one poll of a network check observed, as conditions see it.
 *
 * @param httpStatus the HTTP status code, or 0 for TCP and TLS checks
 * @param latencyMillis how long the exchange (or connect, or handshake) took
 * @param body the answer's body, size-capped (empty for TCP and TLS)
 * @param json the body parsed as JSON, or null when it is not JSON
 * @param headers the answer's headers, names in lower case
 * @param certificateDaysLeft whole days until the server certificate expires (negative
 * once expired), or null without TLS
 * @param connected whether a connection was made
 * @param dnsRcode a DNS check's response code ({@code NOERROR}, {@code NXDOMAIN}, ...),
 * or null for other checks
 */
public record Observation(int httpStatus, long latencyMillis, byte[] body, @Nullable JsonNode json,
		Map<String, List<String>> headers, @Nullable Long certificateDaysLeft, boolean connected,
		@Nullable String dnsRcode) {

	/**
	 * The first value of a header.
	 * @param name its name, any case
	 * @return the value, or null
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
