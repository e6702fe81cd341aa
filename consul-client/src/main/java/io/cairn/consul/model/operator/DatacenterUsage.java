package io.cairn.consul.model.operator;

import java.util.Map;

/**
 * The services, instances and nodes of one datacenter ({@code /operator/usage}).
 *
 * @param services unique service names
 * @param serviceInstances service instances
 * @param connectServiceInstances instances by mesh kind ({@code connect-proxy},
 * {@code mesh-gateway}, {@code connect-native}...)
 * @param billableServiceInstances instances that are not proxies, gateways or the
 * {@code consul} service
 * @param nodes nodes
 */
public record DatacenterUsage(int services, int serviceInstances, Map<String, Integer> connectServiceInstances,
		int billableServiceInstances, int nodes) {
}
