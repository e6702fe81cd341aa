package io.cairn.registry.client.cloud;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.cloud.client.ServiceInstance;

import io.cairn.registry.client.RegistryInstance;

/**
 * A registry instance as Spring Cloud sees it. Its metadata is the instance's labels
 * ({@code zone}, {@code status-url}, ...), plus {@code version} and {@code tags}
 * (comma-separated) when the instance gave them and no label of that name exists.
 */
public final class CairnServiceInstance implements ServiceInstance {

	private final RegistryInstance instance;

	private final Map<String, String> metadata;

	/**
	 * Wrap an instance.
	 * @param instance the instance
	 */
	public CairnServiceInstance(RegistryInstance instance) {
		this.instance = instance;
		Map<String, String> metadata = new LinkedHashMap<>(instance.labels());
		if (instance.version() != null) {
			metadata.putIfAbsent("version", instance.version());
		}
		if (!instance.tags().isEmpty()) {
			metadata.putIfAbsent("tags", String.join(",", instance.tags()));
		}
		this.metadata = Map.copyOf(metadata);
	}

	/**
	 * Wrap instances.
	 * @param instances the instances
	 * @return them as Spring Cloud instances
	 */
	public static List<ServiceInstance> of(List<RegistryInstance> instances) {
		return instances.stream().<ServiceInstance>map(CairnServiceInstance::new).toList();
	}

	/**
	 * The registry's instance.
	 * @return the instance
	 */
	public RegistryInstance registryInstance() {
		return this.instance;
	}

	@Override
	public String getInstanceId() {
		return this.instance.host() + ":" + this.instance.port();
	}

	@Override
	public String getServiceId() {
		return this.instance.name();
	}

	@Override
	public String getHost() {
		return this.instance.host();
	}

	@Override
	public int getPort() {
		return this.instance.port();
	}

	@Override
	public boolean isSecure() {
		return this.instance.secure();
	}

	@Override
	public URI getUri() {
		return this.instance.uri();
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	@Override
	public String getScheme() {
		return this.instance.secure() ? "https" : "http";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CairnServiceInstance that && this.instance.equals(that.instance);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.instance);
	}

	@Override
	public String toString() {
		return getServiceId() + "@" + getInstanceId();
	}

}
