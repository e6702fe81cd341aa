package io.cairn.testkit.mesos;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.CreateMode;
import org.jspecify.annotations.Nullable;

/**
 * A simulated Marathon instance taking part in leader election under Marathon's
 * {@code --zk} base path, on its own session, in one of the layouts Marathon has used:
 * <ul>
 * <li>{@link #legacy}: Marathon 1.3 and earlier (twitter-commons group):
 * {@code <base>/leader/member_<seq>} holding {@code host:port};</li>
 * <li>{@link #curator}: Marathon 1.4 and later: a real Curator {@link LeaderLatch} on
 * {@code <base>/leader-curator} with the participant id {@code host:port}; with
 * {@code tombstone} set, the elected 1.4 instance also writes
 * {@code <base>/leader/member_-00000000} and an ephemeral sequential {@code member_-1...}
 * for old readers, as {@code CuratorElectionService} in Marathon 1.4 did.</li>
 * </ul>
 */
public final class ZkMarathonInstance implements Closeable {

	private final CuratorFramework client;

	private final @Nullable LeaderLatch latch;

	private ZkMarathonInstance(CuratorFramework client, @Nullable LeaderLatch latch) {
		this.client = client;
		this.latch = latch;
	}

	/**
	 * A Marathon 1.3 instance joining the old layout.
	 * @param connectString the ZooKeeper connect string
	 * @param basePath Marathon's base path, such as {@code /marathon}
	 * @param hostPort the instance's {@code host:port}
	 * @return the instance
	 */
	public static ZkMarathonInstance legacy(String connectString, String basePath, String hostPort) {
		CuratorFramework client = ZkSession.open(connectString, null);
		try {
			client.create()
				.creatingParentsIfNeeded()
				.withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
				.forPath(basePath + "/leader/member_", hostPort.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			client.close();
			throw new IllegalStateException(ex);
		}
		return new ZkMarathonInstance(client, null);
	}

	/**
	 * A Marathon 1.4+ instance joining the Curator latch.
	 * @param connectString the ZooKeeper connect string
	 * @param basePath Marathon's base path
	 * @param hostPort the instance's {@code host:port}
	 * @param tombstone whether, once elected, to write 1.4's entries in the old layout
	 * @return the instance
	 */
	public static ZkMarathonInstance curator(String connectString, String basePath, String hostPort,
			boolean tombstone) {
		CuratorFramework client = ZkSession.open(connectString, null);
		LeaderLatch latch = new LeaderLatch(client, basePath + "/leader-curator", hostPort);
		if (tombstone) {
			latch.addListener(new org.apache.curator.framework.recipes.leader.LeaderLatchListener() {
				@Override
				public void isLeader() {
					try {
						byte[] data = hostPort.getBytes(StandardCharsets.UTF_8);
						client.create()
							.creatingParentsIfNeeded()
							.withMode(CreateMode.EPHEMERAL)
							.forPath(basePath + "/leader/member_-00000000", data);
						client.create()
							.creatingParentsIfNeeded()
							.withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
							.forPath(basePath + "/leader/member_-1", data);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}

				@Override
				public void notLeader() {
				}
			});
		}
		try {
			latch.start();
		}
		catch (Exception ex) {
			client.close();
			throw new IllegalStateException(ex);
		}
		return new ZkMarathonInstance(client, latch);
	}

	/**
	 * Waits until this 1.4+ instance holds leadership.
	 * @param seconds the longest to wait
	 * @return whether it leads
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitLeadership(long seconds) throws InterruptedException {
		if (this.latch == null) {
			throw new IllegalStateException("a legacy instance has no latch");
		}
		return this.latch.await(seconds, TimeUnit.SECONDS);
	}

	/**
	 * Ends the session (and the latch), as a Marathon process stopping.
	 */
	@Override
	public void close() {
		if (this.latch != null) {
			try {
				this.latch.close();
			}
			catch (Exception ex) {
				// The session is closed next anyway.
			}
		}
		this.client.close();
	}

}
