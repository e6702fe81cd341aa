package io.cairn.mesos.autoconfigure;

import java.util.function.Function;

import io.cairn.mesos.detector.LeaderDetector;
import io.cairn.mesos.detector.LeaderSnapshot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of a followed leader: UP while the leader is known (with who and since when),
 * OUT_OF_SERVICE while ZooKeeper says there is none, UNKNOWN while the detector cannot
 * tell (connection suspended or lost, group not readable).
 *
 * @param <L> the member type
 */
public class LeaderHealthIndicator<L> implements HealthIndicator {

	private final LeaderDetector<L> detector;

	private final Function<L, Object> describe;

	/**
	 * Creates the indicator.
	 * @param detector the detector
	 * @param describe how to show a member (such as its URL)
	 */
	public LeaderHealthIndicator(LeaderDetector<L> detector, Function<L, Object> describe) {
		this.detector = detector;
		this.describe = describe;
	}

	@Override
	public Health health() {
		LeaderSnapshot<L> snapshot = this.detector.snapshot();
		Health.Builder health = switch (snapshot.state()) {
			case LEADER_KNOWN -> Health.up();
			case NO_LEADER -> Health.status(Status.OUT_OF_SERVICE);
			case UNCERTAIN -> Health.unknown();
		};
		health.withDetail("state", snapshot.state().name())
			.withDetail("since", snapshot.since().toString())
			.withDetail("group", this.detector.description());
		L leader = snapshot.knownLeader().orElse(null);
		if (leader != null) {
			health.withDetail("leader", this.describe.apply(leader)).withDetail("members", snapshot.members().size());
		}
		return health.build();
	}

}
