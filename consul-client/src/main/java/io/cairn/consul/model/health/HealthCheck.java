package io.cairn.consul.model.health;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A health check as the health, agent and catalog endpoints return it (also the check of
 * a catalog registration and of a transaction operation).
 *
 * @param node the node name
 * @param checkId the check ID
 * @param name the check name
 * @param status the status
 * @param notes human notes
 * @param output the last output
 * @param serviceId the service the check belongs to, empty for a node check
 * @param serviceName the service name
 * @param serviceTags the service tags
 * @param type the check type ({@code ttl}, {@code http}, ...)
 * @param interval the interval, as a Go duration
 * @param timeout the timeout, as a Go duration
 * @param exposedPort the exposed port (Connect)
 * @param definition the check definition
 * @param namespace the Enterprise namespace
 * @param createIndex the creation index
 * @param modifyIndex the last modification index (for {@code cas} transaction verbs)
 */
public record HealthCheck(@Nullable String node, @JsonProperty("CheckID") @Nullable String checkId,
		@Nullable String name, @Nullable CheckStatus status, @Nullable String notes, @Nullable String output,
		@JsonProperty("ServiceID") @Nullable String serviceId, @Nullable String serviceName,
		@Nullable List<String> serviceTags, @Nullable String type, @Nullable String interval, @Nullable String timeout,
		@Nullable Integer exposedPort, @Nullable Map<String, Object> definition, @Nullable String namespace,
		long createIndex, long modifyIndex) {

	/**
	 * A check for a catalog registration or a transaction.
	 * @param node the node
	 * @param checkId the check ID
	 * @param name the name
	 * @param status the status
	 * @param serviceId the service ID, {@code null} for a node check
	 * @return the check
	 */
	public static HealthCheck of(String node, String checkId, String name, CheckStatus status,
			@Nullable String serviceId) {
		return new HealthCheck(node, checkId, name, status, null, null, serviceId, null, null, null, null, null, null,
				null, null, 0, 0);
	}

	/**
	 * The service tags, never {@code null}.
	 * @return the tags
	 */
	public List<String> tags() {
		return (this.serviceTags != null) ? this.serviceTags : List.of();
	}

}
