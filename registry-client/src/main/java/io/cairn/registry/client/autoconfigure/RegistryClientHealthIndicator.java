package io.cairn.registry.client.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.cairn.registry.client.ClientStatus;
import io.cairn.registry.client.ConnectionState;
import io.cairn.registry.client.RegistrationState;
import io.cairn.registry.client.RegistrationStatus;
import io.cairn.registry.client.RegistryClient;

/**
 * The registry as this application sees it, from memory (it makes no call): UP while the
 * cache is watched (or nothing is looked up yet) and every registration is acknowledged;
 * DOWN while no replica answers, saying that lookups serve the last known instances and
 * since when, or while a registration is refused (wrong token or scope). A registration
 * still pending (the registry was not reachable yet) is DOWN too.
 */
public class RegistryClientHealthIndicator implements HealthIndicator {

	private final RegistryClient client;

	/**
	 * Create the indicator.
	 * @param client the client
	 */
	public RegistryClientHealthIndicator(RegistryClient client) {
		this.client = client;
	}

	@Override
	public Health health() {
		ClientStatus status = this.client.status();
		boolean stale = status.connection() == ConnectionState.SUSPENDED;
		List<RegistrationStatus> registrations = status.registrations();
		boolean registered = registrations.stream()
			.allMatch((registration) -> registration.state() == RegistrationState.REGISTERED);
		Health.Builder health = (!stale && registered) ? Health.up() : Health.down();
		health.withDetail("url", status.url().toString()).withDetail("cache", switch (status.connection()) {
			case CONNECTED -> "watched";
			case CONNECTING -> "not watching yet";
			case SUSPENDED -> "stale: serving the last known instances";
		})
			.withDetail("since", status.since().toString())
			.withDetail("lookups", status.cachedLookups())
			.withDetail("instances", status.cachedInstances());
		if (status.lastSync() != null) {
			health.withDetail("lastSync", status.lastSync().toString());
		}
		if (stale && status.problem() != null) {
			health.withDetail("problem", status.problem());
		}
		this.client.ttl().ifPresent((ttl) -> health.withDetail("ttl", ttl.toString()));
		health.withDetail("registrations",
				registrations.stream().map(RegistryClientHealthIndicator::describe).toList());
		return health.build();
	}

	private static Map<String, Object> describe(RegistrationStatus registration) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("service", registration.instance().name());
		details.put("endpoint", registration.instance().host() + ":" + registration.instance().port());
		details.put("state", registration.state().name());
		if (registration.lastAcknowledged() != null) {
			details.put("lastAcknowledged", registration.lastAcknowledged().toString());
		}
		if (registration.lastError() != null) {
			details.put("lastError", registration.lastError());
		}
		if (registration.reregistrations() > 0) {
			details.put("reregistrations", registration.reregistrations());
		}
		return details;
	}

}
