package io.cairn.consul.model.operator;

import org.jspecify.annotations.Nullable;

/**
 * Autopilot's settings ({@code /operator/autopilot/configuration}). Durations are Go
 * durations ({@code 200ms}, {@code 10s}).
 *
 * @param cleanupDeadServers remove failed servers from Raft when a new one joins
 * @param lastContactThreshold how long a server may go without contact from the leader
 * before it counts as unhealthy
 * @param maxTrailingLogs how many Raft entries a server may trail the leader by and stay
 * healthy
 * @param minQuorum the fewest servers dead-server cleanup leaves
 * @param serverStabilizationTime how long a new server must be healthy before it votes
 * @param redundancyZoneTag the node meta key of redundancy zones (Enterprise)
 * @param disableUpgradeMigration turn off upgrade migrations (Enterprise)
 * @param upgradeVersionTag the node meta key holding the version for upgrades
 * (Enterprise)
 * @param createIndex the creation index
 * @param modifyIndex the last modification index (the CAS index of an update)
 */
public record AutopilotConfiguration(boolean cleanupDeadServers, String lastContactThreshold, long maxTrailingLogs,
		long minQuorum, String serverStabilizationTime, @Nullable String redundancyZoneTag,
		boolean disableUpgradeMigration, @Nullable String upgradeVersionTag, long createIndex, long modifyIndex) {

	/**
	 * This configuration with dead-server cleanup switched on or off.
	 * @param cleanup whether to clean up
	 * @return a changed copy
	 */
	public AutopilotConfiguration withCleanupDeadServers(boolean cleanup) {
		return new AutopilotConfiguration(cleanup, this.lastContactThreshold, this.maxTrailingLogs, this.minQuorum,
				this.serverStabilizationTime, this.redundancyZoneTag, this.disableUpgradeMigration,
				this.upgradeVersionTag, this.createIndex, this.modifyIndex);
	}

	/**
	 * This configuration with another contact threshold.
	 * @param threshold a Go duration, for example {@code 500ms}
	 * @return a changed copy
	 */
	public AutopilotConfiguration withLastContactThreshold(String threshold) {
		return new AutopilotConfiguration(this.cleanupDeadServers, threshold, this.maxTrailingLogs, this.minQuorum,
				this.serverStabilizationTime, this.redundancyZoneTag, this.disableUpgradeMigration,
				this.upgradeVersionTag, this.createIndex, this.modifyIndex);
	}

}
