package io.cairn.bridge.api;

import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.consul.Consul;
import io.cairn.support.security.Redaction;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The central Consul agent's reachability and its cluster's leader; unknown (which does
 * not pull readiness down) while Consul is not configured. It takes the place of
 * consul-client's own {@code consul} indicator, which would report a missing local agent
 * as down.
 */
public class ConsulAgentHealthIndicator implements HealthIndicator {

	private final BridgeSetup setup;

	private final Consul consul;

	/**
	 * Create the indicator.
	 * @param setup what is configured
	 * @param consul the central agent's client
	 */
	public ConsulAgentHealthIndicator(BridgeSetup setup, Consul consul) {
		this.setup = setup;
		this.consul = consul;
	}

	@Override
	public Health health() {
		if (!this.setup.consulConfigured()) {
			return Health.unknown().withDetail("configured", false).withDetail("reason", BridgeSetup.NO_CONSUL).build();
		}
		try {
			String leader = this.consul.status().leader();
			Health.Builder builder = leader.isEmpty() ? Health.down().withDetail("leader", "none")
					: Health.up().withDetail("leader", leader);
			return builder.withDetail("address", String.valueOf(Redaction.url(this.consul.currentAddress()))).build();
		}
		catch (RuntimeException ex) {
			return Health.down()
				.withDetail("address", String.valueOf(Redaction.url(this.consul.currentAddress())))
				.withDetail("error", String.valueOf(Redaction.text(String.valueOf(ex.getMessage()))))
				.build();
		}
	}

}
