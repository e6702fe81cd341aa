package io.cairn.consul.model.query;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A prepared query definition.
 *
 * @param id the ID ({@code null} when creating)
 * @param name a name to execute it by
 * @param session a session whose invalidation deletes the query
 * @param token the token used when executing it
 * @param service what to select
 * @param dns DNS settings
 * @param template template settings, for a template query
 * @param createIndex the creation index (also under {@code RaftIndex})
 * @param modifyIndex the last modification index
 */
public record PreparedQuery(@JsonProperty("ID") @Nullable String id, @Nullable String name, @Nullable String session,
		@Nullable String token, Service service, @JsonProperty("DNS") @Nullable Dns dns, @Nullable Template template,
		long createIndex, long modifyIndex) {

	/**
	 * A query selecting a service.
	 * @param name the query name
	 * @param service the service name
	 * @return the query to create
	 */
	public static PreparedQuery of(String name, String service) {
		return new PreparedQuery(null, name, null, null,
				new Service(service, null, null, null, null, null, null, null, null), null, null, 0, 0);
	}

	/**
	 * What a query selects.
	 *
	 * @param service the service name
	 * @param failover where to go when no local instance is healthy
	 * @param ignoreCheckIds checks to ignore
	 * @param onlyPassing only passing instances (else passing and warning)
	 * @param near sort near this node ({@code _agent}, {@code _ip})
	 * @param tags required tags ({@code !tag} excludes)
	 * @param nodeMeta required node metadata
	 * @param serviceMeta required service metadata
	 * @param connect only Connect-capable instances
	 */
	public record Service(String service, @Nullable Failover failover,
			@JsonProperty("IgnoreCheckIDs") @Nullable List<String> ignoreCheckIds, @Nullable Boolean onlyPassing,
			@Nullable String near, @Nullable List<String> tags, @Nullable Map<String, String> nodeMeta,
			@Nullable Map<String, String> serviceMeta, @Nullable Boolean connect) {
	}

	/**
	 * Failover settings.
	 *
	 * @param nearestN how many nearest datacenters to try
	 * @param datacenters datacenters to try in order
	 * @param targets peers or datacenters to try in order
	 */
	public record Failover(@JsonProperty("NearestN") @Nullable Integer nearestN, @Nullable List<String> datacenters,
			@Nullable List<Target> targets) {
	}

	/**
	 * A failover target.
	 *
	 * @param peer a cluster peer
	 * @param datacenter a datacenter
	 */
	public record Target(@Nullable String peer, @Nullable String datacenter) {
	}

	/**
	 * DNS settings.
	 *
	 * @param ttl the TTL of DNS answers
	 */
	public record Dns(@JsonProperty("TTL") @Nullable String ttl) {
	}

	/**
	 * Template settings.
	 *
	 * @param type {@code name_prefix_match}
	 * @param regexp a regex to extract parts of the name
	 * @param removeEmptyTags drop empty tags after interpolation
	 */
	public record Template(String type, @Nullable String regexp, @Nullable Boolean removeEmptyTags) {
	}

}
