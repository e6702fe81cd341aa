package io.cairn.testkit.consul;

import static io.cairn.testkit.consul.SimJson.JSON;

/**
 * {@code /v1/status}: the Raft leader (empty while there is none) and peers of the
 * single-server cluster.
 */
final class StatusArea {

	private final ConsulSimulator.Settings settings;

	private final ConsulFaults faults;

	StatusArea(ConsulSimulator.Settings settings, ConsulFaults faults) {
		this.settings = settings;
		this.faults = faults;
	}

	SimResponse handle(SimRequest r) {
		String leader = this.settings.address() + ":8300";
		return switch (r.segment(1)) {
			case "leader" -> SimResponse.json(JSON.getNodeFactory().stringNode(this.faults.noLeader ? "" : leader));
			case "peers" -> SimResponse.json(JSON.createArrayNode().add(leader));
			default -> SimResponse.noSuchPath();
		};
	}

}
