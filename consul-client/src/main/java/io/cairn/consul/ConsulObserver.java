package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * Told about every HTTP exchange with Consul, for metrics and logs. The Spring Boot
 * auto-configuration plugs in a Micrometer timer; implementations must be fast and must
 * not throw.
 */
@FunctionalInterface
public interface ConsulObserver {

	/** Observes nothing. */
	ConsulObserver NONE = (method, endpoint, status, nanos, error) -> {
	};

	/**
	 * One exchange ended.
	 * @param method the HTTP method
	 * @param endpoint the endpoint template, for example {@code /v1/kv/{key}}: never the
	 * raw path, so that it can be a metric tag
	 * @param status the HTTP status, 0 when there was no answer
	 * @param nanos how long the exchange took
	 * @param error the failure, {@code null} on success (an answer Consul gave as the
	 * result, such as a 404 on a read, is a success)
	 */
	void exchanged(String method, String endpoint, int status, long nanos, @Nullable Throwable error);

}
