package io.cairn.bridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.bridge.leader.NotLeaderException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One phase's agent calls: a failing agent is noted and the others still run; a lost
 * leadership stops the sync.
 */
class AgentCallsTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final SyncTally tally = new SyncTally();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void aFailingCallIsNotedAndTheOthersStillRun() throws InterruptedException {
		AtomicInteger done = new AtomicInteger();
		List<Callable<Void>> work = new ArrayList<>();
		work.add(count(done));
		work.add(() -> {
			throw new IllegalStateException("agent-b refused");
		});
		work.add(count(done));

		new AgentCalls(this.pool, this.tally).runAll(work, "registering");

		assertThat(done).hasValue(2);
		assertThat(result().errors()).containsExactly("registering: agent-b refused");
	}

	@Test
	void aCallThatFindsThisReplicaNoLongerLeadsStopsTheSync() {
		List<Callable<Void>> work = List.of(() -> {
			throw new NotLeaderException("bridge-2");
		});

		assertThatExceptionOfType(NotLeaderException.class)
			.isThrownBy(() -> new AgentCalls(this.pool, this.tally).runAll(work, "deregistering"));
		assertThat(this.tally.hasErrors()).isFalse();
	}

	private static Callable<Void> count(AtomicInteger done) {
		return () -> {
			done.incrementAndGet();
			return null;
		};
	}

	private SyncResult result() {
		return this.tally.result("test", Instant.EPOCH, Duration.ZERO, SyncOutcome.PARTIAL, (text) -> text);
	}

}
