package io.cairn.status.discovery;

import java.util.List;

/**
 * What the Consul source needs from Consul: every service's health checks. This is the
 * seam to {@code consul-client} (issue 4): its health API's {@code /v1/health/state/any}
 * answer, grouped by service, fills it. Until that library is wired in, no implementation
 * exists and the Consul source stays off.
 */
@FunctionalInterface
public interface ConsulHealthSource {

	/**
	 * Every service's health checks.
	 * @return the services
	 * @throws Exception when Consul cannot be asked
	 */
	List<ServiceHealth> services() throws Exception;

	/**
	 * One service's checks.
	 *
	 * @param service the service name
	 * @param checks its health checks
	 */
	record ServiceHealth(String service, List<HealthCheck> checks) {

	}

	/**
	 * One Consul health check.
	 *
	 * @param name the check's name
	 * @param status {@code passing}, {@code warning}, {@code critical} or
	 * {@code maintenance}
	 * @param output the check's output
	 */
	record HealthCheck(String name, String status, String output) {

	}

}
