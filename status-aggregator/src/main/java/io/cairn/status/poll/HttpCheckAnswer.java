package io.cairn.status.poll;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.PollResult;

/**
 * What one HTTP exchange of a check gave: an answer to interpret, or a result already
 * (the target could not be asked), or nothing when a short budget ran out.
 *
 * @param status the HTTP status code (0 without an answer)
 * @param headers the answer's headers, names in lower case
 * @param body the body, size-capped
 * @param latencyMillis how long the exchange took, redirects included
 * @param finishedAt when it finished
 * @param peerCertificates the server's certificate chain on HTTPS, else null
 * @param failure the Critical result when there is no answer, else null
 * @param expired whether a budget shorter than the timeout ran out (poll again in the
 * slow lane)
 */
public record HttpCheckAnswer(int status, Map<String, List<String>> headers, byte[] body, long latencyMillis,
		Instant finishedAt, X509Certificate @Nullable [] peerCertificates, @Nullable PollResult failure,
		boolean expired) {

	/**
	 * The first value of a header.
	 * @param name the header name, any case
	 * @return its first value, or null
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
