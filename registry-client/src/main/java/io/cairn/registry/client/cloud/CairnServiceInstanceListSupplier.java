package io.cairn.registry.client.cloud;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryInstance;

/**
 * Spring Cloud LoadBalancer's instances for one service, read from the registry client's
 * watched cache on every choice: no LoadBalancer cache sits in between, so an instance
 * registered anywhere is routable within milliseconds, and a deregistered one stops
 * receiving requests as fast. The mapped list is reused until the cache changes.
 */
public class CairnServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final String serviceId;

	private final RegistryClient client;

	private volatile Mapped mapped = new Mapped(List.of(), List.of());

	/**
	 * Create the supplier.
	 * @param serviceId the service
	 * @param client the registry client
	 */
	public CairnServiceInstanceListSupplier(String serviceId, RegistryClient client) {
		this.serviceId = serviceId;
		this.client = client;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.from(CairnReactiveDiscoveryClient.instances(this.client, this.serviceId).map(this::map));
	}

	private List<ServiceInstance> map(List<RegistryInstance> instances) {
		Mapped current = this.mapped;
		if (current.source() != instances) {
			current = new Mapped(instances, CairnServiceInstance.of(instances));
			this.mapped = current;
		}
		return current.instances();
	}

	private record Mapped(List<RegistryInstance> source, List<ServiceInstance> instances) {
	}

}
