package io.cairn.registry.client.cloud;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryException;

/**
 * Spring Cloud's {@link DiscoveryClient} over the registry client: answers from the
 * watched cache (the first lookup of a name asks the registry). A registry that cannot be
 * reached on a first lookup gives an empty list, as Spring Cloud's other discovery
 * clients do, and the failure is logged.
 */
public class CairnDiscoveryClient implements DiscoveryClient {

	private static final Log logger = LogFactory.getLog(CairnDiscoveryClient.class);

	private final RegistryClient client;

	private final int order;

	/**
	 * Create the discovery client.
	 * @param client the registry client
	 * @param order its order among discovery clients
	 */
	public CairnDiscoveryClient(RegistryClient client, int order) {
		this.client = client;
		this.order = order;
	}

	@Override
	public String description() {
		return "Cairn registry-service discovery client";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		try {
			return CairnServiceInstance.of(this.client.instances(serviceId));
		}
		catch (RegistryException ex) {
			logger.warn("Cannot look up " + serviceId + ": " + ex.getMessage());
			return List.of();
		}
	}

	@Override
	public List<String> getServices() {
		try {
			return this.client.services();
		}
		catch (RegistryException ex) {
			logger.warn("Cannot list the registry's services: " + ex.getMessage());
			return List.of();
		}
	}

	@Override
	public void probe() {
		this.client.services();
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
