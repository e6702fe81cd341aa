package io.cairn.bridge.api;

import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.bridge.event.EventStreamReader;
import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.support.security.Redaction;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Marathon's reachability ({@code GET /ping} on the instance the bridge talks to), with
 * the event stream's state. Unknown (which does not pull readiness down) while Marathon
 * is not configured.
 */
public class MarathonHealthIndicator implements HealthIndicator {

	private final BridgeSetup setup;

	private final MarathonClient client;

	private final EventStreamReader reader;

	/**
	 * Create the indicator.
	 * @param setup what is configured
	 * @param client the Marathon client
	 * @param reader the event stream reader
	 */
	public MarathonHealthIndicator(BridgeSetup setup, MarathonClient client, EventStreamReader reader) {
		this.setup = setup;
		this.client = client;
		this.reader = reader;
	}

	@Override
	public Health health() {
		if (!this.setup.marathonConfigured()) {
			return Health.unknown()
				.withDetail("configured", false)
				.withDetail("reason", BridgeSetup.NO_MARATHON)
				.build();
		}
		EventStreamReader.State stream = this.reader.state();
		try {
			return Health.up()
				.withDetail("instance", String.valueOf(Redaction.url(this.client.ping().toString())))
				.withDetail("stream", stream.status().name().toLowerCase(java.util.Locale.ROOT))
				.build();
		}
		catch (RuntimeException ex) {
			return Health.down()
				.withDetail("found", String.valueOf(Redaction.text(this.client.locator().describe())))
				.withDetail("error", String.valueOf(Redaction.text(String.valueOf(ex.getMessage()))))
				.build();
		}
	}

}
