package io.cairn.registry.client.autoconfigure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.cairn.registry.client.ConnectionState;
import io.cairn.registry.client.RegistrationState;
import io.cairn.registry.client.RegistryClient;

/**
 * Gauges of the client's state: {@code cairn.registry.client.cache.lookups},
 * {@code .cache.instances}, {@code .cache.connected} (1 while the watch keeps the cache
 * fresh, 0 while it serves the last known instances) and {@code .registrations} by state.
 */
public class RegistryClientMeters implements MeterBinder {

	private final RegistryClient client;

	/**
	 * Create the gauges.
	 * @param client the client
	 */
	public RegistryClientMeters(RegistryClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String prefix = MicrometerRegistryObserver.PREFIX;
		Gauge.builder(prefix + ".cache.lookups", this.client, (client) -> client.status().cachedLookups())
			.description("Lookups kept in memory and watched")
			.register(registry);
		Gauge.builder(prefix + ".cache.instances", this.client, (client) -> client.status().cachedInstances())
			.description("Instances the cached lookups hold")
			.register(registry);
		Gauge
			.builder(prefix + ".cache.connected", this.client,
					(client) -> (client.connectionState() == ConnectionState.SUSPENDED) ? 0 : 1)
			.description("1 while the watch keeps the cache fresh, 0 while it serves the last known instances")
			.register(registry);
		for (RegistrationState state : RegistrationState.values()) {
			Gauge
				.builder(prefix + ".registrations", this.client,
						(client) -> client.registrations().stream().filter((r) -> r.state() == state).count())
				.description("This application's registrations by state")
				.tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
				.register(registry);
		}
	}

}
