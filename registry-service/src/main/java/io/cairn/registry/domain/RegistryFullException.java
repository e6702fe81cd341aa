package io.cairn.registry.domain;

/**
 * A new endpoint cannot be stored: the registry holds its maximum number of instances
 * ({@code cairn.registry.max-instances}) and none of them has expired.
 */
public class RegistryFullException extends RuntimeException {

	private final int maxInstances;

	/**
	 * Create the exception.
	 * @param maxInstances the quota
	 */
	public RegistryFullException(int maxInstances) {
		super("The registry holds its maximum of " + maxInstances
				+ " instances (cairn.registry.max-instances) and none has expired; nothing was registered. "
				+ "Retry once instances expire, or deregister unused ones.");
		this.maxInstances = maxInstances;
	}

	/**
	 * The quota.
	 * @return the most instances the registry stores
	 */
	public int maxInstances() {
		return this.maxInstances;
	}

}
