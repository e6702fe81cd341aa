package io.cairn.bridge.leader;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Leader election through a Curator {@link LeaderLatch}. Leadership is treated as lost as
 * soon as the ZooKeeper connection is suspended, not only when the session expires: a
 * suspended leader cannot know whether another replica took over, so it stops writing at
 * once (the flag every write checks is cleared on Curator's connection thread), and takes
 * part again when the connection comes back. A follower takes over within the session
 * timeout of a leader that died. The listener is told on one thread, in order, only when
 * the answer changes.
 */
public final class ZookeeperLeadership implements Leadership {

	private static final Log logger = LogFactory.getLog(ZookeeperLeadership.class);

	private final CuratorFramework client;

	private final String path;

	private final String id;

	private final AtomicBoolean leader = new AtomicBoolean();

	// One thread, so that the listener hears elections and revocations in order.
	private final ExecutorService notifier;

	private final ConnectionStateListener connectionListener = this::connectionChanged;

	private volatile @Nullable LeaderLatch latch;

	private @Nullable Listener listener;

	private volatile @Nullable String knownLeader;

	private volatile long knownAt;

	/** What the listener was last told; only touched on the notifier thread. */
	private boolean told;

	/**
	 * Create the election.
	 * @param client the Curator client (Spring Cloud Zookeeper's)
	 * @param path the latch path
	 * @param id this replica's ID
	 * @param executors Boot's executor builder, for the thread that tells the listener
	 */
	public ZookeeperLeadership(CuratorFramework client, String path, String id,
			ThreadPoolTaskExecutorBuilder executors) {
		this.client = client;
		this.path = path;
		this.id = id;
		ThreadPoolTaskExecutor pool = executors.corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(Integer.MAX_VALUE)
			.threadNamePrefix("bridge-leadership-")
			.build();
		pool.setDaemon(true);
		pool.initialize();
		this.notifier = pool.getThreadPoolExecutor();
	}

	@Override
	public synchronized void start(Listener listener) {
		this.listener = listener;
		this.client.getConnectionStateListenable().addListener(this.connectionListener);
		LeaderLatch created = new LeaderLatch(this.client, this.path, this.id, LeaderLatch.CloseMode.NOTIFY_LEADER);
		created.addListener(new LeaderLatchListener() {

			@Override
			public void isLeader() {
				refresh("elected");
			}

			@Override
			public void notLeader() {
				ZookeeperLeadership.this.leader.set(false);
				publish("the latch was lost");
			}

		}, this.notifier);
		this.latch = created;
		try {
			created.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not join the leader election at " + this.path, ex);
		}
	}

	private void connectionChanged(CuratorFramework curator, ConnectionState state) {
		if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
			this.leader.set(false);
			this.notifier.execute(() -> publish("the ZooKeeper connection is " + state));
		}
		else if (state == ConnectionState.RECONNECTED || state == ConnectionState.CONNECTED) {
			this.notifier.execute(() -> refresh("reconnected"));
		}
	}

	/** On the notifier thread: lead if the latch says so and the client is connected. */
	private void refresh(String why) {
		LeaderLatch current = this.latch;
		boolean leads = current != null && current.hasLeadership() && this.client.getZookeeperClient().isConnected();
		this.leader.set(leads);
		publish(why);
	}

	/** On the notifier thread: tell the listener when the answer changed. */
	private void publish(String why) {
		boolean now = this.leader.get();
		Listener target = this.listener;
		if (now == this.told || target == null) {
			return;
		}
		this.told = now;
		if (now) {
			logger.info("This replica (" + this.id + ") is the leader (" + why + ")");
			target.elected();
		}
		else {
			logger.info("This replica (" + this.id + ") is no longer the leader: " + why);
			target.revoked();
		}
	}

	@Override
	public boolean isLeader() {
		return this.leader.get();
	}

	@Override
	public String mechanism() {
		return "zookeeper";
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable String leaderId() {
		if (this.leader.get()) {
			return this.id;
		}
		LeaderLatch current = this.latch;
		// Reading the latch blocks while ZooKeeper is unreachable; the status page must
		// not, so the answer is "unknown" then, and kept for a second otherwise.
		if (current == null || !this.client.getZookeeperClient().isConnected()) {
			return null;
		}
		long now = System.nanoTime();
		if (now - this.knownAt < 1_000_000_000L) {
			return this.knownLeader;
		}
		String found;
		try {
			String leaderId = current.getLeader().getId();
			found = leaderId.isEmpty() ? null : leaderId;
		}
		catch (Exception ex) {
			found = null;
		}
		this.knownLeader = found;
		this.knownAt = now;
		return found;
	}

	@Override
	public synchronized void close() {
		this.client.getConnectionStateListenable().removeListener(this.connectionListener);
		this.leader.set(false);
		LeaderLatch current = this.latch;
		this.latch = null;
		try {
			// Step down (and tell the listener) before another replica can take over.
			this.notifier.submit(() -> publish("stopping")).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Stepping down did not finish: " + ex.getMessage());
		}
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException | IllegalStateException ex) {
				// Closing anyway.
			}
		}
		this.notifier.shutdown();
	}

}
