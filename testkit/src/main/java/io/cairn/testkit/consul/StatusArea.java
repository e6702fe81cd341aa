package io.cairn.testkit.consul;

import static io.cairn.testkit.consul.ConsulJson.JSON;

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

	/** {@code GET /v1/status/leader}. */
	ApiResponse leader() {
		return ApiResponse.json(JSON.getNodeFactory().stringNode(this.faults.noLeader ? "" : server()));
	}

	/** {@code GET /v1/status/peers}. */
	ApiResponse peers() {
		return ApiResponse.json(JSON.createArrayNode().add(server()));
	}

	private String server() {
		return this.settings.address() + ":8300";
	}

}
