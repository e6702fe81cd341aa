package io.cairn.mesos.detector;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.cairn.mesos.zk.ZNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ThreadUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the leader of a group of ZooKeeper children, in the shape of a Curator recipe:
 * {@link #start()} and {@link #close()}, listeners with an optional {@link Executor}, a
 * {@link State} and {@link #awaitLeader(Duration)}.
 * <p>
 * How it stays correct:
 * <ul>
 * <li>Each group path is listed with a one-shot child watch; every watch event, every
 * (re)connection and every failed read leads to a fresh listing, which re-arms the watch.
 * After a session expiry the new session is read from scratch (the fault in
 * mesos-go#99).</li>
 * <li>A path that does not exist is watched with {@code exists} and means "no members
 * yet"; it is never created.</li>
 * <li>A child's data is read once (ephemeral sequential znodes never change); a child
 * that vanishes between the listing and the read is skipped, and the child event that
 * follows brings a fresh listing.</li>
 * <li>When the connection is suspended the state becomes {@link State#UNCERTAIN} at once,
 * keeping the last leader only as a hint; when the session is lost the leader is cleared.
 * A listing that was in flight across a suspension is thrown away, so a stale leader is
 * never reported as known.</li>
 * </ul>
 * All ZooKeeper work runs on one thread per detector, and listeners are called in order
 * on a second one (or on their own executor), so a slow listener never delays detection.
 * Both threads are named after what is followed and stop on {@link #close()}.
 * <p>
 * Why not Curator's {@code CuratorCache}: it follows a path with a persistent recursive
 * watch, which ZooKeeper servers before 3.6 do not have, and the ensembles of Mesos' era
 * run 3.4 and 3.5 (Mesos itself bundles the 3.4 client); it mirrors the whole subtree (a
 * master group also holds {@code log_replicas}, the replicated log's own group); and it
 * reports node by node, whereas a leader is a property of the whole group (the lowest
 * sequence across three znode generations, or across Marathon's two layouts) that has to
 * be read as one listing and withheld while the connection is suspended, so the state
 * kept here would be needed on top of a cache anyway. One-shot child watches, which every
 * ZooKeeper version has, read each group as a whole with one watch per path.
 *
 * @param <L> the member type
 */
public abstract class LeaderDetector<L> implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(LeaderDetector.class);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

	private enum Lifecycle {

		LATENT, STARTED, CLOSED

	}

	private final CuratorFramework rootClient;

	private final WatcherRemoveCuratorFramework client;

	private final boolean ownsClient;

	private final List<String> paths;

	private final String description;

	private final Clock clock;

	private final ScheduledExecutorService worker;

	private final ExecutorService notifier;

	private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);

	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	private final AtomicLong connectionEpoch = new AtomicLong();

	private volatile boolean connected;

	private final Map<String, Map<String, byte[]>> dataByPath = new HashMap<>();

	private final List<Registration<L>> listeners = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private LeaderSnapshot<L> snapshot;

	// Connection events reach path watchers too; the connection listener handles those.
	private final Watcher watcher = (event) -> {
		if (event.getType() != Watcher.Event.EventType.None) {
			requestRefresh();
		}
	};

	private final ConnectionStateListener connectionListener = (client, state) -> connectionChanged(state);

	/**
	 * Creates a detector.
	 * @param client the Curator client, started or not
	 * @param ownsClient whether {@link #start()} and {@link #close()} start and close the
	 * client too
	 * @param paths the group paths to follow, absolute
	 * @param description what is followed, for log messages and thread names
	 * @param clock the clock for {@link LeaderSnapshot#since()}
	 */
	protected LeaderDetector(CuratorFramework client, boolean ownsClient, List<String> paths, String description,
			Clock clock) {
		this.rootClient = client;
		this.client = client.newWatcherRemoveCuratorFramework();
		this.ownsClient = ownsClient;
		this.paths = List.copyOf(paths);
		this.description = description;
		this.clock = clock;
		this.snapshot = new LeaderSnapshot<>(State.UNCERTAIN, null, List.of(), clock.instant());
		this.worker = Executors
			.newSingleThreadScheduledExecutor(ThreadUtils.newGenericThreadFactory("detector " + description));
		this.notifier = Executors
			.newSingleThreadExecutor(ThreadUtils.newGenericThreadFactory("detector-events " + description));
	}

	/**
	 * Says which children are worth reading. Others are ignored without reading their
	 * data.
	 * @param path the group path
	 * @param child the child's name
	 * @return whether the child may be a member
	 */
	protected abstract boolean isCandidate(String path, String child);

	/**
	 * Turns the children of the group paths into members in election order.
	 * @param childrenByPath for each group path, its candidate children with their data
	 * (empty if the path does not exist)
	 * @return the members, the leader first; empty if there is no leader
	 */
	protected abstract List<L> members(Map<String, List<ZNode>> childrenByPath);

	/**
	 * Starts following: starts the client if this detector owns it and reads the group.
	 * Returns at once; use {@link #awaitLeader(Duration)} to wait for the first leader.
	 * @throws IllegalStateException if already started or closed
	 */
	public void start() {
		if (!this.lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
			throw new IllegalStateException("Cannot be started more than once");
		}
		this.rootClient.getConnectionStateListenable().addListener(this.connectionListener);
		if (this.ownsClient) {
			this.rootClient.start();
		}
		this.connected = this.rootClient.getZookeeperClient().isConnected();
		requestRefresh();
	}

	/**
	 * Stops following, removes this detector's watches and closes the client if this
	 * detector owns it. Listeners are not called after this returns, except for events
	 * already handed to their executors.
	 */
	@Override
	public void close() {
		if (this.lifecycle.getAndSet(Lifecycle.CLOSED) != Lifecycle.STARTED) {
			return;
		}
		this.rootClient.getConnectionStateListenable().removeListener(this.connectionListener);
		this.worker.shutdownNow();
		this.notifier.shutdown();
		try {
			this.worker.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.client.removeWatchers();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove watches for {}", this.description, ex);
		}
		if (this.ownsClient) {
			this.rootClient.close();
		}
	}

	/**
	 * Adds a listener called on this detector's event thread. It must not block for long:
	 * later events wait for it.
	 * @param listener the listener
	 */
	public void addListener(LeaderListener<L> listener) {
		addListener(listener, null);
	}

	/**
	 * Adds a listener called through the given executor.
	 * @param listener the listener
	 * @param executor the executor, or {@code null} for this detector's event thread
	 */
	public void addListener(LeaderListener<L> listener, @Nullable Executor executor) {
		this.listeners.add(new Registration<>(listener, executor));
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(LeaderListener<L> listener) {
		this.listeners.removeIf((registration) -> registration.listener() == listener);
	}

	/**
	 * What is known now.
	 * @return the current snapshot
	 */
	public LeaderSnapshot<L> snapshot() {
		synchronized (this.monitor) {
			return this.snapshot;
		}
	}

	/**
	 * Whether the leader is known.
	 * @return the current state
	 */
	public State state() {
		return snapshot().state();
	}

	/**
	 * The leader, if it is known for certain.
	 * @return the leader when the state is {@link State#LEADER_KNOWN}
	 */
	public Optional<L> leader() {
		return snapshot().knownLeader();
	}

	/**
	 * All members in election order, the leader first, as last read on a live session.
	 * @return the members; empty unless the state is {@link State#LEADER_KNOWN}
	 */
	public List<L> members() {
		LeaderSnapshot<L> current = snapshot();
		return (current.state() == State.LEADER_KNOWN) ? current.members() : List.of();
	}

	/**
	 * Waits until a leader is known.
	 * @param timeout the longest to wait
	 * @return the leader, or empty if none was known within the timeout
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Optional<L> awaitLeader(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.snapshot.state() != State.LEADER_KNOWN) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return Optional.empty();
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return Optional.ofNullable(this.snapshot.leader());
		}
	}

	/**
	 * Waits until the group has been read on a live session, with or without a leader.
	 * @param timeout the longest to wait
	 * @return the state then: {@link State#UNCERTAIN} if the group could not be read in
	 * time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public State awaitCertainty(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.snapshot.state() == State.UNCERTAIN) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return this.snapshot.state();
		}
	}

	/**
	 * What this detector follows.
	 * @return a description
	 */
	public String description() {
		return this.description;
	}

	private void requestRefresh() {
		if (this.lifecycle.get() != Lifecycle.STARTED) {
			return;
		}
		if (this.refreshQueued.compareAndSet(false, true)) {
			try {
				this.worker.execute(() -> {
					this.refreshQueued.set(false);
					refresh();
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// Closed meanwhile.
			}
		}
	}

	private void connectionChanged(ConnectionState state) {
		switch (state) {
			case CONNECTED, RECONNECTED -> {
				this.connected = true;
				requestRefresh();
			}
			case SUSPENDED -> {
				this.connected = false;
				this.connectionEpoch.incrementAndGet();
				publishUncertain(true);
			}
			case LOST -> {
				this.connected = false;
				this.connectionEpoch.incrementAndGet();
				publishUncertain(false);
			}
			default -> {
				// READ_ONLY is not used: clients are built without canBeReadOnly.
			}
		}
	}

	private void refresh() {
		if (this.lifecycle.get() != Lifecycle.STARTED) {
			return;
		}
		long epoch = this.connectionEpoch.get();
		Map<String, List<ZNode>> childrenByPath = new LinkedHashMap<>();
		try {
			for (String path : this.paths) {
				List<ZNode> children = readChildren(path);
				if (children == null) {
					// The path appeared between getChildren and exists: list it again.
					requestRefresh();
					return;
				}
				childrenByPath.put(path, children);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception ex) {
			if (this.lifecycle.get() == Lifecycle.STARTED) {
				logger.warn("Could not read {} ({}); trying again in {} s", this.description, describe(ex),
						RETRY_INTERVAL.toSeconds());
				publishUncertain(true);
				scheduleRetry();
			}
			return;
		}
		List<L> members;
		try {
			members = members(childrenByPath);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not decode the members of {}", this.description, ex);
			publishUncertain(true);
			return;
		}
		synchronized (this.monitor) {
			if (!this.connected || epoch != this.connectionEpoch.get()) {
				// The connection was suspended while reading: what was read may be stale.
				// The reconnection will bring a fresh listing.
				return;
			}
			publish(members.isEmpty() ? State.NO_LEADER : State.LEADER_KNOWN, members);
		}
	}

	/** Lists one path and reads new candidates; null when the path appeared meanwhile. */
	private @Nullable List<ZNode> readChildren(String path) throws Exception {
		List<String> names;
		try {
			names = this.client.getChildren().usingWatcher(this.watcher).forPath(path);
		}
		catch (KeeperException.NoNodeException ex) {
			this.dataByPath.remove(path);
			if (this.client.checkExists().usingWatcher(this.watcher).forPath(path) != null) {
				return null;
			}
			return List.of();
		}
		Map<String, byte[]> cache = this.dataByPath.computeIfAbsent(path, (key) -> new HashMap<>());
		cache.keySet().retainAll(names);
		List<ZNode> children = new ArrayList<>();
		for (String name : names) {
			if (!isCandidate(path, name)) {
				continue;
			}
			byte[] data = cache.get(name);
			if (data == null) {
				try {
					data = this.client.getData().forPath(path + "/" + name);
				}
				catch (KeeperException.NoNodeException ex) {
					// Deleted between the listing and the read; the child watch fires.
					logger.debug("{}/{} vanished before it could be read", path, name);
					continue;
				}
				data = (data != null) ? data : new byte[0];
				cache.put(name, data);
			}
			children.add(new ZNode(name, data));
		}
		return children;
	}

	private void scheduleRetry() {
		try {
			this.worker.schedule(this::requestRefresh, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// Closed meanwhile.
		}
	}

	private void publishUncertain(boolean keepLastLeader) {
		synchronized (this.monitor) {
			if (keepLastLeader) {
				publishSnapshot(State.UNCERTAIN, this.snapshot.leader(), this.snapshot.members());
			}
			else {
				publishSnapshot(State.UNCERTAIN, null, List.of());
			}
		}
	}

	private void publish(State state, List<L> members) {
		publishSnapshot(state, members.isEmpty() ? null : members.get(0), members);
	}

	private void publishSnapshot(State state, @Nullable L leader, List<L> members) {
		LeaderSnapshot<L> previous = this.snapshot;
		if (previous.state() == state && Objects.equals(previous.leader(), leader)
				&& previous.members().equals(members)) {
			return;
		}
		boolean leaderChanged = previous.state() != state || !Objects.equals(previous.leader(), leader);
		LeaderSnapshot<L> current = new LeaderSnapshot<>(state, leader, members,
				leaderChanged ? this.clock.instant() : previous.since());
		this.snapshot = current;
		this.monitor.notifyAll();
		if (leaderChanged) {
			logger.info("{}: {}{}", this.description, state, (state == State.LEADER_KNOWN) ? " " + leader : "");
		}
		if (this.lifecycle.get() == Lifecycle.CLOSED || this.listeners.isEmpty()) {
			return;
		}
		try {
			this.notifier.execute(() -> notifyListeners(previous, current));
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// Closed meanwhile.
		}
	}

	private void notifyListeners(LeaderSnapshot<L> previous, LeaderSnapshot<L> current) {
		for (Registration<L> registration : this.listeners) {
			Runnable call = () -> {
				try {
					registration.listener().changed(previous, current);
				}
				catch (RuntimeException ex) {
					logger.warn("A listener of {} failed", this.description, ex);
				}
			};
			if (registration.executor() != null) {
				registration.executor().execute(call);
			}
			else {
				call.run();
			}
		}
	}

	private static String describe(Exception ex) {
		if (ex instanceof KeeperException keeper) {
			return keeper.code() + ((keeper.getPath() != null) ? " for " + keeper.getPath() : "");
		}
		return ex.toString();
	}

	private record Registration<L>(LeaderListener<L> listener, @Nullable Executor executor) {
	}

}
