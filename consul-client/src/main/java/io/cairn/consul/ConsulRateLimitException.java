package io.cairn.consul;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * 429 Too Many Requests: Consul's rate limiter refused the call. {@link #retryAfter()}
 * carries the {@code Retry-After} header when Consul sent one.
 */
public class ConsulRateLimitException extends ConsulException {

	private final @Nullable Duration retryAfter;

	/**
	 * Create an exception.
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 * @param retryAfter the wait Consul asked for, if any
	 */
	public ConsulRateLimitException(byte[] body, @Nullable String endpoint, @Nullable Duration retryAfter) {
		super(describe(endpoint, 429, body), 429, body, endpoint, null);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long Consul asked the caller to wait.
	 * @return the {@code Retry-After} value, if the answer had one
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
