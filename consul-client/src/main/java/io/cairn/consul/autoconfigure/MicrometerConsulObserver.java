package io.cairn.consul.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.ConsulObserver;

/**
 * Times every exchange with Consul as {@code cairn.consul.requests}, tagged by method,
 * endpoint template (never the raw path, so keys and service names do not multiply the
 * series), status and outcome.
 */
public class MicrometerConsulObserver implements ConsulObserver {

	/** The timer's name. */
	public static final String METER = "cairn.consul.requests";

	private final Supplier<@Nullable MeterRegistry> registry;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Create the observer.
	 * @param registry supplies the registry (looked up on first use)
	 */
	public MicrometerConsulObserver(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void exchanged(String method, String endpoint, int status, long nanos, @Nullable Throwable error) {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		String statusTag = (status == 0) ? "IO_ERROR" : Integer.toString(status);
		String key = method + ' ' + endpoint + ' ' + statusTag;
		Timer timer = this.timers.computeIfAbsent(key,
				(k) -> Timer.builder(METER)
					.description("Calls to the Consul HTTP API")
					.tag("method", method)
					.tag("endpoint", endpoint)
					.tag("status", statusTag)
					.tag("outcome", outcome(status, error))
					.register(meters));
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static String outcome(int status, @Nullable Throwable error) {
		if (status == 0) {
			return "UNKNOWN";
		}
		if (error == null) {
			return "SUCCESS";
		}
		return (status >= 500) ? "SERVER_ERROR" : "CLIENT_ERROR";
	}

}
