package io.cairn.consul.model.agent;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /agent/service/register}. Start with {@link #of(String, String)}
 * and adjust with the {@code with...} methods.
 *
 * @param id the instance ID (unique on the agent; defaults to the name)
 * @param name the service name
 * @param tags the tags
 * @param address the address, {@code null} for the agent's
 * @param taggedAddresses tagged addresses
 * @param meta the metadata
 * @param port the port
 * @param kind the kind ({@code connect-proxy}, gateways), {@code null} for a plain
 * service
 * @param proxy proxy configuration
 * @param connect Connect configuration
 * @param check one check
 * @param checks several checks
 * @param enableTagOverride whether tags may be changed through the catalog
 * @param weights DNS weights
 */
public record ServiceRegistration(@JsonProperty("ID") @Nullable String id, String name, @Nullable List<String> tags,
		@Nullable String address, @Nullable Map<String, TaggedAddress> taggedAddresses,
		@Nullable Map<String, String> meta, @Nullable Integer port, @Nullable String kind,
		@Nullable Map<String, Object> proxy, @Nullable Map<String, Object> connect, @Nullable CheckRegistration check,
		@Nullable List<CheckRegistration> checks, @Nullable Boolean enableTagOverride, @Nullable Weights weights) {

	/**
	 * A service instance with an ID and a name.
	 * @param id the instance ID
	 * @param name the service name
	 * @return the registration
	 */
	public static ServiceRegistration of(String id, String name) {
		return new ServiceRegistration(id, name, null, null, null, null, null, null, null, null, null, null, null,
				null);
	}

	/**
	 * With an address and port.
	 * @param address the address
	 * @param port the port
	 * @return a changed copy
	 */
	public ServiceRegistration withAddress(String address, int port) {
		return new ServiceRegistration(this.id, this.name, this.tags, address, this.taggedAddresses, this.meta, port,
				this.kind, this.proxy, this.connect, this.check, this.checks, this.enableTagOverride, this.weights);
	}

	/**
	 * With tags.
	 * @param tags the tags
	 * @return a changed copy
	 */
	public ServiceRegistration withTags(String... tags) {
		return new ServiceRegistration(this.id, this.name, List.of(tags), this.address, this.taggedAddresses, this.meta,
				this.port, this.kind, this.proxy, this.connect, this.check, this.checks, this.enableTagOverride,
				this.weights);
	}

	/**
	 * With metadata.
	 * @param meta the metadata
	 * @return a changed copy
	 */
	public ServiceRegistration withMeta(Map<String, String> meta) {
		return new ServiceRegistration(this.id, this.name, this.tags, this.address, this.taggedAddresses, meta,
				this.port, this.kind, this.proxy, this.connect, this.check, this.checks, this.enableTagOverride,
				this.weights);
	}

	/**
	 * With checks.
	 * @param checks the checks
	 * @return a changed copy
	 */
	public ServiceRegistration withChecks(CheckRegistration... checks) {
		return new ServiceRegistration(this.id, this.name, this.tags, this.address, this.taggedAddresses, this.meta,
				this.port, this.kind, this.proxy, this.connect, this.check, List.of(checks), this.enableTagOverride,
				this.weights);
	}

	/**
	 * The instance ID Consul will use: the ID, else the name.
	 * @return the effective ID
	 */
	public String effectiveId() {
		return (this.id != null && !this.id.isEmpty()) ? this.id : this.name;
	}

}
