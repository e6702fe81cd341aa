package io.cairn.consul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.AbstractSimulatedAgentTests.Agent;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.model.session.NewSession;
import io.cairn.consul.model.session.Session;
import io.cairn.consul.model.session.SessionBehavior;
import io.cairn.consul.recipe.ConsulLock;
import io.cairn.consul.recipe.LeaderElection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sessions and the recipes built on them: locks with lock-delay and lost-lock callbacks,
 * leader election, and their failure cases (session invalidated, agent gone).
 */
@Agent(readTimeoutSeconds = 5)
class SessionLockTests extends AbstractSimulatedAgentTests {

	@BeforeEach
	void clean() {
		simulator.faults().clear();
		if (simulator.port() > 0) {
			simulator.startAgent();
		}
		consul.session().list(QueryOptions.NONE).value().forEach((s) -> consul.session().destroy(s.id()));
		consul.kv().deleteTree("", QueryOptions.NONE);
	}

	@Test
	void sessionLifecycle() {
		String id = consul.session()
			.create(NewSession.named("worker")
				.withTtl(Duration.ofSeconds(30))
				.withLockDelay(Duration.ofSeconds(5))
				.withBehavior(SessionBehavior.DELETE), QueryOptions.NONE);
		Session info = consul.session().info(id, QueryOptions.NONE).value().orElseThrow();
		assertThat(info.name()).isEqualTo("worker");
		assertThat(info.ttl()).isEqualTo("30s");
		assertThat(info.lockDelayDuration()).isEqualTo(Duration.ofSeconds(5));
		assertThat(info.behavior()).isEqualTo(SessionBehavior.DELETE);
		assertThat(info.nodeChecks()).containsExactly("serfHealth");
		assertThat(consul.session().node(simulator.nodeName(), QueryOptions.NONE).value()).extracting(Session::id)
			.containsExactly(id);
		assertThat(consul.session().renew(id)).isPresent();
		assertThat(consul.session().destroy(id)).isTrue();
		assertThat(consul.session().info(id, QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.session().renew(id)).as("renewing a destroyed session finds nothing").isEmpty();
	}

	@Test
	void invalidSessionSettingsAreRejected() {
		assertThatThrownBy(
				() -> consul.session().create(NewSession.named("x").withTtl(Duration.ofSeconds(5)), QueryOptions.NONE))
			.isInstanceOfSatisfying(ConsulRequestException.class,
					(ex) -> assertThat(ex.bodyText()).contains("Invalid Session TTL"));
		assertThatThrownBy(
				() -> consul.session().create(NewSession.named("x").withNode("no-such-node"), QueryOptions.NONE))
			.isInstanceOf(ConsulServerException.class);
	}

	@Test
	void kvAcquireAndReleaseWithSessions() {
		String a = consul.session()
			.create(NewSession.named("a").withLockDelay(Duration.ofMillis(1)), QueryOptions.NONE);
		String b = consul.session().create(NewSession.named("b"), QueryOptions.NONE);
		assertThat(consul.kv().acquire("locks/x", "a".getBytes(), a)).isTrue();
		assertThat(consul.kv().acquire("locks/x", "b".getBytes(), b)).isFalse();
		KeyValue held = consul.kv().get("locks/x").value().orElseThrow();
		assertThat(held.session()).isEqualTo(a);
		assertThat(held.lockIndex()).isEqualTo(1);
		assertThat(consul.kv().release("locks/x", "a".getBytes(), b)).as("only the holder releases").isFalse();
		assertThat(consul.kv().release("locks/x", "a".getBytes(), a)).isTrue();
		assertThat(consul.kv().acquire("locks/x", "b".getBytes(), b)).isTrue();
		assertThat(consul.kv().get("locks/x").value().orElseThrow().lockIndex()).isEqualTo(2);
	}

	@Test
	void lockDelayBlocksReacquisitionAfterInvalidation() {
		String a = consul.session()
			.create(NewSession.named("a").withLockDelay(Duration.ofSeconds(60)), QueryOptions.NONE);
		consul.kv().acquire("locks/delayed", new byte[0], a);
		simulator.invalidateSession(a);
		String b = consul.session().create(NewSession.named("b"), QueryOptions.NONE);
		assertThat(consul.kv().get("locks/delayed").value().orElseThrow().isLocked()).isFalse();
		assertThat(consul.kv().acquire("locks/delayed", new byte[0], b)).as("lock-delay in effect").isFalse();
	}

	@Test
	void deleteBehaviorRemovesLockedKeys() {
		String a = consul.session()
			.create(NewSession.named("a").withBehavior(SessionBehavior.DELETE), QueryOptions.NONE);
		consul.kv().acquire("locks/ephemeral", "x".getBytes(), a);
		consul.session().destroy(a);
		assertThat(consul.kv().get("locks/ephemeral").value()).isEmpty();
	}

	@Test
	void lockIsExclusiveAndReleased() throws Exception {
		try (ConsulLock first = lock("locks/job", "first", () -> {
		}); ConsulLock second = lock("locks/job", "second", () -> {
		})) {
			assertThat(first.acquire(Duration.ofSeconds(5))).isTrue();
			assertThat(second.tryAcquire()).isFalse();
			assertThat(consul.kv().getString("locks/job")).contains("first");
			first.release();
			assertThat(second.acquire(Duration.ofSeconds(5))).isTrue();
			assertThat(consul.kv().getString("locks/job")).contains("second");
		}
		assertThat(consul.kv().get("locks/job").value().orElseThrow().isLocked()).isFalse();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> simulator.sessionCount() == 0);
	}

	@Test
	void waitingAcquireWakesWhenTheHolderReleases() throws Exception {
		try (ConsulLock holder = lock("locks/wait", "holder", () -> {
		}); ConsulLock waiter = lock("locks/wait", "waiter", () -> {
		})) {
			holder.acquire(Duration.ofSeconds(5));
			var acquired = consul.async((c) -> {
				try {
					return waiter.acquire(Duration.ofSeconds(20));
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> simulator.requests("/v1/kv/locks/wait")
					.stream()
					.anyMatch((r) -> r.param("index") != null));
			assertThat(acquired).isNotDone();
			holder.release();
			assertThat(acquired.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void invalidatedSessionMeansTheLockIsLost() throws Exception {
		AtomicInteger lost = new AtomicInteger();
		try (ConsulLock lock = lock("locks/lost", "me", lost::incrementAndGet)) {
			assertThat(lock.acquire(Duration.ofSeconds(5))).isTrue();
			simulator.invalidateSession(lock.sessionId().orElseThrow());
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lost.get() == 1);
			assertThat(lock.isHeld()).isFalse();
		}
		assertThat(lost.get()).as("reported once").isEqualTo(1);
	}

	@Test
	void agentGoneForLongerThanTheTtlMeansTheLockIsLost() throws Exception {
		AtomicInteger lost = new AtomicInteger();
		try (ConsulLock lock = ConsulLock.builder(consul, "locks/agent-gone")
			.sessionTtl(Duration.ofSeconds(10))
			.lockDelay(Duration.ofMillis(1))
			.onLost(lost::incrementAndGet)
			.build()) {
			assertThat(lock.acquire(Duration.ofSeconds(5))).isTrue();
			simulator.stopAgent();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lost.get() == 1);
			assertThat(lock.isHeld()).isFalse();
		}
		finally {
			simulator.startAgent();
		}
	}

	@Test
	void leaderElectionHandsOverWhenTheLeaderLeaves() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		LeaderElection a = LeaderElection.start(consul, "service/leader", "a", listener("a", events),
				Duration.ofSeconds(10));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
		LeaderElection b = LeaderElection.start(consul, "service/leader", "b", listener("b", events),
				Duration.ofSeconds(10));
		try {
			assertThat(b.leader()).contains("a");
			assertThat(b.isLeader()).isFalse();
			a.close();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
			assertThat(b.leader()).contains("b");
			assertThat(events).containsSubsequence("a:elected", "a:revoked", "b:elected");
			simulator.invalidateSession(consul.kv().get("service/leader").value().orElseThrow().session());
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("b:revoked"));
		}
		finally {
			b.close();
		}
	}

	private static LeaderElection.Listener listener(String id, List<String> events) {
		return new LeaderElection.Listener() {
			@Override
			public void elected() {
				events.add(id + ":elected");
			}

			@Override
			public void revoked() {
				events.add(id + ":revoked");
			}
		};
	}

	private static ConsulLock lock(String key, String holder, Runnable onLost) {
		return ConsulLock.builder(consul, key)
			.value(holder.getBytes(StandardCharsets.UTF_8))
			.sessionTtl(Duration.ofSeconds(10))
			.lockDelay(Duration.ofMillis(1))
			.onLost(onLost)
			.build();
	}

}
