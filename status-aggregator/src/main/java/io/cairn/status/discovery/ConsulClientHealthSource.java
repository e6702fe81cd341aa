package io.cairn.status.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthState;

/**
 * Consul's health through {@code consul-client}: one {@code /v1/health/state/any} call
 * per round returns every check in the datacenter. Service checks are grouped by service
 * name, and the node checks of every node a service runs on (a failing {@code serfHealth}
 * takes the node's services down, as in Consul's own service health) are added to that
 * service's checks. Services without any health check do not appear in this answer and
 * are not checked.
 */
public class ConsulClientHealthSource implements ConsulHealthSource {

	private final Consul consul;

	/**
	 * Create the source.
	 * @param consul the Consul client
	 */
	public ConsulClientHealthSource(Consul consul) {
		this.consul = consul;
	}

	@Override
	public List<ServiceHealth> services() {
		List<io.cairn.consul.model.health.HealthCheck> checks = this.consul.health()
			.state(HealthState.ANY, QueryOptions.NONE)
			.value();
		Map<String, List<io.cairn.consul.model.health.HealthCheck>> nodeChecks = new LinkedHashMap<>();
		Map<String, List<io.cairn.consul.model.health.HealthCheck>> serviceChecks = new TreeMap<>();
		Map<String, Set<String>> serviceNodes = new LinkedHashMap<>();
		for (io.cairn.consul.model.health.HealthCheck check : checks) {
			String node = (check.node() != null) ? check.node() : "";
			String service = check.serviceName();
			if (service == null || service.isEmpty()) {
				nodeChecks.computeIfAbsent(node, (key) -> new ArrayList<>()).add(check);
			}
			else {
				serviceChecks.computeIfAbsent(service, (key) -> new ArrayList<>()).add(check);
				serviceNodes.computeIfAbsent(service, (key) -> new LinkedHashSet<>()).add(node);
			}
		}
		List<ServiceHealth> services = new ArrayList<>();
		for (Map.Entry<String, List<io.cairn.consul.model.health.HealthCheck>> entry : serviceChecks.entrySet()) {
			List<ConsulHealthSource.HealthCheck> health = new ArrayList<>();
			for (String node : serviceNodes.getOrDefault(entry.getKey(), Set.of())) {
				for (io.cairn.consul.model.health.HealthCheck check : nodeChecks.getOrDefault(node, List.of())) {
					health.add(convert(check, node + ": "));
				}
			}
			for (io.cairn.consul.model.health.HealthCheck check : entry.getValue()) {
				health.add(convert(check, ""));
			}
			services.add(new ServiceHealth(entry.getKey(), health));
		}
		return services;
	}

	private static ConsulHealthSource.HealthCheck convert(io.cairn.consul.model.health.HealthCheck check,
			String prefix) {
		CheckStatus status = (check.status() != null) ? check.status() : CheckStatus.UNKNOWN;
		String name = (check.name() != null) ? check.name() : String.valueOf(check.checkId());
		return new ConsulHealthSource.HealthCheck(prefix + name, status.wireName(),
				(check.output() != null) ? check.output() : "");
	}

}
