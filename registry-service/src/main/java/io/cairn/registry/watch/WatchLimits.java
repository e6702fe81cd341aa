package io.cairn.registry.watch;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.cairn.registry.config.RegistryProperties;

import org.springframework.stereotype.Component;

/**
 * Bounds the watches held at once, in total ({@code cairn.registry.watches.max-total})
 * and per client ({@code max-per-client}), so that watchers cannot take the connections
 * heartbeats need. A watch holds a permit from its arrival until its answer is sent.
 */
@Component
public class WatchLimits {

	private final RegistryProperties.Watches properties;

	private final AtomicInteger total = new AtomicInteger();

	private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

	private final Counter refused;

	WatchLimits(RegistryProperties properties, MeterRegistry meters) {
		this.properties = properties.watches();
		this.refused = Counter.builder("cairn.registry.watches.refused")
			.description("Watches refused with 429 because a client or the registry held the most allowed")
			.register(meters);
	}

	/**
	 * Take a permit for a watch.
	 * @param client who asks (its remote address)
	 * @return the permit, to release once the answer is sent
	 * @throws TooManyWatchesException when the client or the registry holds the most
	 * allowed
	 */
	public Permit acquire(String client) {
		if (this.total.incrementAndGet() > this.properties.maxTotal()) {
			this.total.decrementAndGet();
			this.refused.increment();
			throw new TooManyWatchesException(
					"The registry holds its maximum of " + this.properties.maxTotal()
							+ " watches (cairn.registry.watches.max-total); retry later.",
					this.properties.retryAfter());
		}
		boolean[] full = new boolean[1];
		this.perClient.compute(client, (c, count) -> {
			int held = (count != null) ? count : 0;
			full[0] = held >= this.properties.maxPerClient();
			return full[0] ? count : Integer.valueOf(held + 1);
		});
		if (full[0]) {
			this.total.decrementAndGet();
			this.refused.increment();
			throw new TooManyWatchesException("This client holds its maximum of " + this.properties.maxPerClient()
					+ " watches (cairn.registry.watches.max-per-client); wait for one to be answered, or retry later.",
					this.properties.retryAfter());
		}
		return new Permit(client);
	}

	/**
	 * How many watches are held.
	 * @return the count
	 */
	public int held() {
		return this.total.get();
	}

	private void release(String client) {
		this.perClient.computeIfPresent(client, (c, count) -> (count <= 1) ? null : count - 1);
		this.total.decrementAndGet();
	}

	/**
	 * A watch's place within the bounds.
	 */
	public final class Permit {

		private final String client;

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit(String client) {
			this.client = client;
		}

		/**
		 * Give the place back (once; later calls do nothing).
		 */
		public void release() {
			if (this.released.compareAndSet(false, true)) {
				WatchLimits.this.release(this.client);
			}
		}

	}

}
