package io.cairn.status.probe;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.status.poll.HttpCheckRequest;

/**
 * Turns a check's {@link HttpRequestSpec} into what is sent, resolving its secret at that
 * moment (so a rotated secret is used at the next poll and the value lives only in the
 * request being sent).
 */
final class HttpRequestShapes {

	private final CheckSecrets secrets;

	HttpRequestShapes(CheckSecrets secrets) {
		this.secrets = secrets;
	}

	/**
	 * The request to send.
	 * @param spec the check's request settings
	 * @param base the request the check's format would send (its {@code Accept})
	 * @return the request, or null when the secret it names is not set
	 */
	@Nullable HttpCheckRequest shape(HttpRequestSpec spec, HttpCheckRequest base) {
		Map<String, String> headers = new LinkedHashMap<>();
		base.headers().forEach((name, value) -> {
			if (spec.headers().keySet().stream().noneMatch(name::equalsIgnoreCase)) {
				headers.put(name, value);
			}
		});
		headers.putAll(spec.headers());
		byte[] body = null;
		if (spec.body() != null) {
			body = spec.body().getBytes(StandardCharsets.UTF_8);
			if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
				String trimmed = spec.body().stripLeading();
				headers.put("Content-Type", (trimmed.startsWith("{") || trimmed.startsWith("[")) ? "application/json"
						: "text/plain; charset=UTF-8");
			}
		}
		HttpAuth auth = spec.auth();
		if (auth != null) {
			String secret = this.secrets.value(auth.secret());
			if (secret == null) {
				return null;
			}
			headers.put(HttpCheckRequest.AUTHORIZATION, switch (auth.scheme()) {
				case BASIC -> "Basic " + Base64.getEncoder()
					.encodeToString((auth.username() + ":" + secret).getBytes(StandardCharsets.UTF_8));
				case BEARER -> "Bearer " + secret;
			});
		}
		return new HttpCheckRequest(spec.method(), headers, body);
	}

}
