package io.cairn.mesos.autoconfigure;

import java.util.concurrent.atomic.AtomicLong;

import io.cairn.mesos.detector.LeaderDetector;
import io.cairn.mesos.detector.LeaderSnapshot;
import io.cairn.mesos.detector.State;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a followed leader, under a prefix such as {@code cairn.mesos.leader}:
 * {@code .changes} (times a new leader became known), {@code .known} (1 while the leader
 * is known, else 0) and {@code .unknown.time} (seconds spent without a known leader,
 * including the current stretch). No per-instance tags.
 */
public class LeaderMetrics implements MeterBinder {

	private final LeaderDetector<?> detector;

	private final String prefix;

	private final AtomicLong changes = new AtomicLong();

	private final AtomicLong unknownNanos = new AtomicLong();

	private volatile long unknownSince;

	private volatile boolean known;

	private final Object leaderLock = new Object();

	private Object lastLeader = new Object();

	/**
	 * Creates the meters and starts counting.
	 * @param detector the detector
	 * @param prefix the meter name prefix
	 */
	public <L> LeaderMetrics(LeaderDetector<L> detector, String prefix) {
		this.detector = detector;
		this.prefix = prefix;
		this.unknownSince = System.nanoTime();
		detector.addListener(this::changed);
	}

	private <L> void changed(LeaderSnapshot<L> previous, LeaderSnapshot<L> current) {
		boolean nowKnown = current.state() == State.LEADER_KNOWN;
		synchronized (this.leaderLock) {
			if (nowKnown && !this.known) {
				this.unknownNanos.addAndGet(System.nanoTime() - this.unknownSince);
			}
			else if (!nowKnown && this.known) {
				this.unknownSince = System.nanoTime();
			}
			if (nowKnown && current.leader() != null && !current.leader().equals(this.lastLeader)) {
				this.changes.incrementAndGet();
				this.lastLeader = current.leader();
			}
			this.known = nowKnown;
		}
	}

	double unknownSeconds() {
		synchronized (this.leaderLock) {
			long total = this.unknownNanos.get() + (this.known ? 0 : System.nanoTime() - this.unknownSince);
			return total / 1e9;
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(this.prefix + ".changes", this.changes, AtomicLong::doubleValue)
			.description("Times a new leader became known to " + this.detector.description())
			.register(registry);
		Gauge.builder(this.prefix + ".known", this, (metrics) -> metrics.known ? 1 : 0)
			.description("1 while the leader is known, else 0")
			.register(registry);
		FunctionCounter.builder(this.prefix + ".unknown.time", this, LeaderMetrics::unknownSeconds)
			.baseUnit("seconds")
			.description("Time spent without a known leader")
			.register(registry);
	}

}
