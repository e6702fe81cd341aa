package io.cairn.status.poll;

import io.cairn.status.aggregate.AggregateSnapshot;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.aggregate.ReplicaSync;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this replica can do its job: its poller runs. Through a database outage it
 * still does (it polls the checks it holds from memory and serves {@code /status}), so
 * claims, result writes and the replica sync failing are shown as details, and the
 * database's own indicator says it is down, without taking the replica out of rotation.
 * The checks' own statuses are not the app's health (a Critical estate is not a reason to
 * restart the aggregator); they are shown as details too.
 */
public class StatusPollingHealthIndicator implements HealthIndicator {

	private final PollScheduler scheduler;

	private final ResultFlusher flusher;

	private final ReplicaSync sync;

	private final LiveChecks live;

	/**
	 * Create the indicator.
	 * @param scheduler the poller
	 * @param flusher the result writer
	 * @param sync the replica sync
	 * @param live the checks
	 */
	public StatusPollingHealthIndicator(PollScheduler scheduler, ResultFlusher flusher, ReplicaSync sync,
			LiveChecks live) {
		this.scheduler = scheduler;
		this.flusher = flusher;
		this.sync = sync;
		this.live = live;
	}

	@Override
	public Health health() {
		AggregateSnapshot snapshot = this.live.snapshot();
		Health.Builder builder = this.scheduler.isRunning() ? Health.up() : Health.down();
		return builder.withDetail("aggregate", snapshot.status().label())
			.withDetail("checks", snapshot.checks())
			.withDetail("stale", snapshot.stale())
			.withDetail("claiming", !this.scheduler.claimFailing())
			.withDetail("writingResults", !this.flusher.failing())
			.withDetail("syncing", !this.sync.failing())
			.withDetail("slowLane", this.scheduler.slowChecks().size())
			.withDetail("busyPollers", this.scheduler.busy())
			.build();
	}

}
