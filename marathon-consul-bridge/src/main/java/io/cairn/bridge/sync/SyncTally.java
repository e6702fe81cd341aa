package io.cairn.bridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * What one full sync found and did so far, counted as its phases go (the agent calls
 * count from the pool's threads), and its {@link SyncResult} at the end.
 */
final class SyncTally {

	private static final int MAX_ERRORS = 20;

	private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger registered = new AtomicInteger();

	private final AtomicInteger updated = new AtomicInteger();

	private final AtomicInteger deregistered = new AtomicInteger();

	private final AtomicInteger kvChanges = new AtomicInteger();

	private int kvPurged;

	private int apps;

	private int tasks;

	private int desired;

	private int agents;

	private int owned;

	private List<String> unreachable = List.of();

	private boolean guardTripped;

	private List<KnownApps.Clash> clashes = List.of();

	/**
	 * Note what went wrong, after what went wrong before.
	 * @param message the error
	 */
	void error(String message) {
		this.errors.add(message);
	}

	/**
	 * Note what stopped the run, ahead of the other errors.
	 * @param message the error
	 */
	void firstError(String message) {
		this.errors.add(0, message);
	}

	boolean hasErrors() {
		return !this.errors.isEmpty();
	}

	void countRegistered() {
		this.registered.incrementAndGet();
	}

	void countUpdated() {
		this.updated.incrementAndGet();
	}

	void countDeregistered() {
		this.deregistered.incrementAndGet();
	}

	void countKvChanges(int changes) {
		this.kvChanges.addAndGet(changes);
	}

	void countKvPurged() {
		this.kvPurged++;
	}

	void marathon(int apps, int tasks, int desired) {
		this.apps = apps;
		this.tasks = tasks;
		this.desired = desired;
	}

	void agents(int agents) {
		this.agents = agents;
	}

	void unreachable(List<String> unreachable) {
		this.unreachable = unreachable;
	}

	void owned(int owned) {
		this.owned = owned;
	}

	void clashes(List<KnownApps.Clash> clashes) {
		this.clashes = clashes;
	}

	void tripGuard() {
		this.guardTripped = true;
	}

	List<String> unreachable() {
		return this.unreachable;
	}

	boolean guardTripped() {
		return this.guardTripped;
	}

	/**
	 * The result of the run.
	 * @param trigger why it ran
	 * @param startedAt when it began
	 * @param duration how long it took
	 * @param outcome how it ended
	 * @param redact masks secrets in the errors kept (the first 20)
	 * @return the result
	 */
	SyncResult result(String trigger, Instant startedAt, Duration duration, SyncOutcome outcome,
			UnaryOperator<String> redact) {
		List<String> firstErrors;
		synchronized (this.errors) {
			firstErrors = this.errors.subList(0, Math.min(MAX_ERRORS, this.errors.size()))
				.stream()
				.map(redact)
				.toList();
		}
		return new SyncResult(trigger, startedAt, duration, outcome, this.apps, this.tasks, this.desired, this.agents,
				this.unreachable, this.owned, this.registered.get(), this.updated.get(), this.deregistered.get(),
				this.kvChanges.get(), this.kvPurged, this.guardTripped, firstErrors, this.clashes);
	}

}
