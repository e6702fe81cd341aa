package io.cairn.registry.client;

import java.util.List;

/**
 * Told when the instances of a watched lookup change.
 */
@FunctionalInterface
public interface InstancesListener {

	/**
	 * The instances changed.
	 * @param query the service name or glob that was looked up
	 * @param instances the instances now
	 */
	void changed(String query, List<RegistryInstance> instances);

}
