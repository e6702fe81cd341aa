package io.cairn.consul.recipe;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulException;
import io.cairn.consul.model.kv.KeyValue;

/**
 * Leader election on a KV key: every candidate runs one; the one holding the lock is the
 * leader and its ID is the key's value. When leadership is lost (session invalidated,
 * agent gone) the listener is told and the candidate competes again.
 *
 * <pre>{@code
 * try (LeaderElection election = LeaderElection.start(consul, "service/reports/leader", "host-a",
 *         new LeaderElection.Listener() {
 *             public void elected() { scheduler.start(); }
 *             public void revoked() { scheduler.stop(); }
 *         }, Duration.ofSeconds(15))) {
 *     ...
 * }
 * }</pre>
 */
public final class LeaderElection implements Closeable {

	/** Pauses after Consul errors: from 100 ms, doubling, at most 10 s. */
	private static final ExponentialBackOff ERROR_BACKOFF = new ExponentialBackOff(100, 2.0);

	static {
		ERROR_BACKOFF.setMaxInterval(10_000);
	}

	private final Consul consul;

	private final String key;

	private final ConsulLock lock;

	private final Listener listener;

	private final Thread thread;

	private volatile boolean closed;

	private volatile CountDownLatch lost = new CountDownLatch(1);

	private LeaderElection(Consul consul, String key, String candidateId, Listener listener, Duration ttl) {
		this.consul = consul;
		this.key = key;
		this.listener = listener;
		this.lock = ConsulLock.builder(consul, key)
			.value(candidateId.getBytes(StandardCharsets.UTF_8))
			.sessionTtl(ttl)
			.sessionName("leader:" + key + ":" + candidateId)
			.onLost(() -> this.lost.countDown())
			.build();
		this.thread = new Thread(this::run, "consul-leader-election-" + key);
		this.thread.setDaemon(true);
	}

	/**
	 * Start competing for leadership.
	 * @param consul the client
	 * @param key the KV key of the election
	 * @param candidateId this candidate's ID, stored in the key while leader
	 * @param listener told when elected and revoked
	 * @param sessionTtl the session TTL (10 s or more)
	 * @return the running election
	 */
	public static LeaderElection start(Consul consul, String key, String candidateId, Listener listener,
			Duration sessionTtl) {
		LeaderElection election = new LeaderElection(consul, key, candidateId, listener, sessionTtl);
		election.thread.start();
		return election;
	}

	/**
	 * Whether this candidate is the leader now.
	 * @return {@code true} while leader
	 */
	public boolean isLeader() {
		return this.lock.isHeld();
	}

	/**
	 * The current leader's ID, read from the key.
	 * @return the ID, empty when nobody leads
	 */
	public Optional<String> leader() {
		return this.consul.kv().get(this.key).value().filter(KeyValue::isLocked).flatMap(KeyValue::valueAsString);
	}

	private void run() {
		BackOffExecution backoff = ERROR_BACKOFF.start();
		while (!this.closed) {
			try {
				this.lost = new CountDownLatch(1);
				if (!this.lock.acquire(Duration.ofMinutes(1))) {
					continue;
				}
				backoff = ERROR_BACKOFF.start();
				safely(this.listener::elected);
				this.lost.await();
				safely(this.listener::revoked);
			}
			catch (InterruptedException ex) {
				break;
			}
			catch (ConsulException ex) {
				try {
					TimeUnit.MILLISECONDS.sleep(backoff.nextBackOff());
				}
				catch (InterruptedException interrupted) {
					break;
				}
			}
		}
	}

	private static void safely(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			// A listener's failure must not stop the election.
		}
	}

	/**
	 * Stop competing; a leader steps down (the listener is told).
	 */
	@Override
	public void close() {
		this.closed = true;
		boolean wasLeader = this.lock.isHeld();
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (wasLeader) {
			// Stop the leader's work before another candidate can take over.
			safely(this.listener::revoked);
		}
		this.lock.close();
	}

	/**
	 * Told about leadership changes (on the election's thread).
	 */
	public interface Listener {

		/** This candidate became the leader. */
		void elected();

		/** This candidate is no longer the leader. */
		void revoked();

	}

}
