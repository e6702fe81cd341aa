package io.cairn.bridge.leader;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.Consul;
import io.cairn.consul.recipe.LeaderElection;

/**
 * Leader election through a Consul session lock (consul-client's {@link LeaderElection}),
 * used when no ZooKeeper is configured: the replica holding the key leads; when its
 * session is invalidated or its agent is unreachable for longer than the session TTL, it
 * steps down and another takes over.
 */
public final class ConsulLeadership implements Leadership {

	private static final Log logger = LogFactory.getLog(ConsulLeadership.class);

	private final Consul consul;

	private final String key;

	private final String id;

	private final Duration ttl;

	private final AtomicBoolean leader = new AtomicBoolean();

	private volatile @Nullable LeaderElection election;

	private volatile @Nullable String knownLeader;

	private volatile long knownAt;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	/**
	 * Create the election.
	 * @param consul the central agent's client
	 * @param key the lock key
	 * @param id this replica's ID
	 * @param ttl the session TTL
	 */
	public ConsulLeadership(Consul consul, String key, String id, Duration ttl) {
		this.consul = consul;
		this.key = key;
		this.id = id;
		this.ttl = ttl;
	}

	@Override
	public synchronized void start(Listener listener) {
		this.election = LeaderElection.start(this.consul, this.key, this.id, new LeaderElection.Listener() {

			@Override
			public void elected() {
				ConsulLeadership.this.leader.set(true);
				logger.info("This replica (" + ConsulLeadership.this.id + ") holds the Consul lock "
						+ ConsulLeadership.this.key + " and leads");
				listener.elected();
			}

			@Override
			public void revoked() {
				ConsulLeadership.this.leader.set(false);
				logger.info("This replica (" + ConsulLeadership.this.id + ") lost the Consul lock "
						+ ConsulLeadership.this.key);
				listener.revoked();
			}

		}, this.ttl);
	}

	@Override
	public boolean isLeader() {
		LeaderElection current = this.election;
		return this.leader.get() && current != null && current.isLeader();
	}

	@Override
	public String mechanism() {
		return "consul";
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable String leaderId() {
		if (isLeader()) {
			return this.id;
		}
		// A KV read, which may hang while Consul does: the status page gets the last
		// answer
		// at once, refreshed in the background at most once a second.
		long now = System.nanoTime();
		LeaderElection current = this.election;
		if (current != null && now - this.knownAt > 1_000_000_000L && this.refreshing.compareAndSet(false, true)) {
			this.knownAt = now;
			this.consul.async((client) -> current.leader().orElse(null)).whenComplete((found, failure) -> {
				this.knownLeader = (failure == null) ? found : null;
				this.refreshing.set(false);
			});
		}
		return this.knownLeader;
	}

	@Override
	public synchronized void close() {
		LeaderElection current = this.election;
		this.election = null;
		if (current != null) {
			current.close();
		}
		this.leader.set(false);
	}

}
