package io.cairn.consul.model.query;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.catalog.ServiceHealth;

/**
 * The result of executing a prepared query.
 *
 * @param service the service selected
 * @param nodes the healthy instances
 * @param dns the DNS settings
 * @param datacenter the datacenter that answered
 * @param failovers how many remote datacenters were tried
 */
public record QueryResult(@Nullable String service, @Nullable List<ServiceHealth> nodes,
		@JsonProperty("DNS") PreparedQuery.@Nullable Dns dns, @Nullable String datacenter, int failovers) {

	/**
	 * The instances, never {@code null}.
	 * @return the instances
	 */
	public List<ServiceHealth> instances() {
		return (this.nodes != null) ? this.nodes : List.of();
	}

}
