package io.cairn.registry.client.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.client.ConnectionState;
import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.RegistryException;
import io.cairn.registry.client.RegistryObserver;

/**
 * Counts and times what the client does: {@code cairn.registry.client.calls} (a timer
 * tagged by operation and outcome: {@code success} or the exception's kind),
 * {@code cairn.registry.client.reregistrations}, {@code .cache.updates},
 * {@code .failovers} and {@code .suspensions}. No tag carries a service name, host or
 * URL, so the number of series stays fixed.
 */
public class MicrometerRegistryObserver implements RegistryObserver {

	/** The prefix of every meter. */
	public static final String PREFIX = "cairn.registry.client";

	private final Supplier<@Nullable MeterRegistry> registry;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Create the observer.
	 * @param registry supplies the meter registry (looked up on first use)
	 */
	public MicrometerRegistryObserver(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void called(String operation, long nanos, @Nullable RegistryException error) {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		String outcome = outcome(error);
		this.timers
			.computeIfAbsent(operation + ' ' + outcome,
					(key) -> Timer.builder(PREFIX + ".calls")
						.description("Calls to registry-service, after retries and failover")
						.tag("operation", operation)
						.tag("outcome", outcome)
						.register(meters))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void reregistered(NewInstance instance) {
		count("reregistrations", "Renewals that found the registry had forgotten the instance");
	}

	@Override
	public void cacheUpdated(String query, int instances) {
		count("cache.updates", "Cached lookups changed by the watch");
	}

	@Override
	public void failedOver(String from, String to) {
		count("failovers", "Moves to another registry URL after a failure");
	}

	@Override
	public void connectionChanged(ConnectionState state) {
		if (state == ConnectionState.SUSPENDED) {
			count("suspensions", "Times the cache lost the registry and served the last known instances");
		}
	}

	private void count(String name, String description) {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		this.counters
			.computeIfAbsent(name,
					(key) -> Counter.builder(PREFIX + "." + name).description(description).register(meters))
			.increment();
	}

	private static String outcome(@Nullable RegistryException error) {
		if (error == null) {
			return "success";
		}
		String kind = error.getClass().getSimpleName();
		return kind.replaceFirst("^Registry", "").replaceFirst("Exception$", "").toLowerCase(java.util.Locale.ROOT);
	}

}
