package io.cairn.registry.client.cloud;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryException;
import io.cairn.registry.client.RegistryInstance;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} over the registry client. A cached name
 * is answered from memory on the subscribing thread; the first lookup of a name, which
 * asks the registry, runs on Reactor's bounded-elastic scheduler so that no event loop
 * blocks.
 */
public class CairnReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private static final Log logger = LogFactory.getLog(CairnReactiveDiscoveryClient.class);

	private final RegistryClient client;

	private final int order;

	/**
	 * Create the discovery client.
	 * @param client the registry client
	 * @param order its order among discovery clients
	 */
	public CairnReactiveDiscoveryClient(RegistryClient client, int order) {
		this.client = client;
		this.order = order;
	}

	@Override
	public String description() {
		return "Cairn registry-service reactive discovery client";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return instances(this.client, serviceId).flatMapIterable(CairnServiceInstance::of);
	}

	@Override
	public Flux<String> getServices() {
		return Mono.fromCallable(this.client::services)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume(RegistryException.class, (ex) -> {
				logger.warn("Cannot list the registry's services: " + ex.getMessage());
				return Mono.just(List.of());
			})
			.flatMapIterable((names) -> names);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * A service's instances without blocking the subscriber: from memory when cached,
	 * otherwise looked up on the bounded-elastic scheduler; empty when the registry
	 * cannot be reached.
	 * @param client the registry client
	 * @param serviceId the service
	 * @return the instances
	 */
	static Mono<List<RegistryInstance>> instances(RegistryClient client, String serviceId) {
		Optional<List<RegistryInstance>> cached = client.cachedInstances(serviceId);
		if (cached.isPresent()) {
			return Mono.just(cached.get());
		}
		return Mono.fromCallable(() -> client.instances(serviceId))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume(RegistryException.class, (ex) -> {
				logger.warn("Cannot look up " + serviceId + ": " + ex.getMessage());
				return Mono.just(List.of());
			});
	}

}
