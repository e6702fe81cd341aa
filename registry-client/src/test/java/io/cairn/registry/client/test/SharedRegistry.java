package io.cairn.registry.client.test;

/**
 * One registry-service per test JVM for the tests that neither stop nor reconfigure it
 * (they use service names of their own), with a short TTL so that expiry shows within
 * seconds.
 */
public final class SharedRegistry {

	/** The TTL of the shared registry. */
	public static final int TTL_SECONDS = 10;

	private static RegistryServiceProcess registry;

	private SharedRegistry() {
	}

	/**
	 * The shared registry, started on first use.
	 * @return the registry
	 */
	public static synchronized RegistryServiceProcess get() {
		if (registry == null || !registry.isAlive()) {
			registry = RegistryServiceProcess.start(fastExpiry());
		}
		return registry;
	}

	/**
	 * Properties for a registry whose instances expire after {@link #TTL_SECONDS} (short
	 * enough for tests to see expiries, long enough for renewals on a loaded machine) and
	 * whose expiries are recorded (and watches woken) within 200 ms.
	 * @return the properties
	 */
	public static String[] fastExpiry() {
		return new String[] { "cairn.registry.ttl=" + TTL_SECONDS + "s", "cairn.registry.renewal-flush-interval=200ms",
				"cairn.registry.expiry-check-interval=200ms" };
	}

}
