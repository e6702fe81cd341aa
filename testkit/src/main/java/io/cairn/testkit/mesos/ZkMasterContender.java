package io.cairn.testkit.mesos;

import java.io.Closeable;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.jspecify.annotations.Nullable;

/**
 * A simulated Mesos master's membership of its ZooKeeper group, on its own session, as
 * {@code src/zookeeper/group.cpp} writes it: an ephemeral sequential child named
 * {@code <label>_<10 digits>} (or just the digits for 0.16) holding the generation's
 * data, with the group path and its parents created if missing.
 *
 * <pre>{@code
 * try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), "/mesos",
 *         MasterGeneration.JSON, MasterSpec.local(5050, "master1"))) {
 *     ...
 *     master.withdraw(); // a clean shutdown: the znode goes at once
 * }                      // closing ends the session: a crash seen from ZooKeeper
 * }</pre>
 */
public final class ZkMasterContender implements Closeable {

	private final CuratorFramework client;

	private final String groupPath;

	private final MasterGeneration generation;

	private final MasterSpec spec;

	private final @Nullable String digest;

	private @Nullable String znodePath;

	private ZkMasterContender(CuratorFramework client, String groupPath, MasterGeneration generation, MasterSpec spec,
			@Nullable String digest) {
		this.client = client;
		this.groupPath = groupPath;
		this.generation = generation;
		this.spec = spec;
		this.digest = digest;
	}

	/**
	 * Opens a session and joins the group.
	 * @param connectString the ZooKeeper connect string
	 * @param groupPath the masters' group path (the path of their {@code --zk})
	 * @param generation which Mesos generation's znode to write
	 * @param spec what the master says about itself
	 * @return the joined master
	 */
	public static ZkMasterContender join(String connectString, String groupPath, MasterGeneration generation,
			MasterSpec spec) {
		return join(connectString, groupPath, generation, spec, null);
	}

	/**
	 * Opens a session with digest credentials ({@code user:password}) and joins the
	 * group. Like Mesos, the znodes then get a world-readable, creator-writable ACL.
	 * @param connectString the ZooKeeper connect string
	 * @param groupPath the group path
	 * @param generation which Mesos generation's znode to write
	 * @param spec what the master says about itself
	 * @param digest {@code user:password}, or {@code null}
	 * @return the joined master
	 */
	public static ZkMasterContender join(String connectString, String groupPath, MasterGeneration generation,
			MasterSpec spec, @Nullable String digest) {
		ZkMasterContender master = new ZkMasterContender(ZkSession.open(connectString, digest), groupPath, generation,
				spec, digest);
		master.rejoin();
		return master;
	}

	/**
	 * Joins again with a new znode (after {@link #withdraw()}), as a restarted master.
	 * @return the new znode's name
	 */
	public String rejoin() {
		try {
			try {
				this.client.create()
					.creatingParentsIfNeeded()
					.withACL(ZkSession.mesosAcl(this.digest))
					.forPath(this.groupPath);
			}
			catch (KeeperException.NodeExistsException ex) {
				// Created by an earlier master.
			}
			this.znodePath = this.client.create()
				.withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
				.withACL(ZkSession.mesosAcl(this.digest))
				.forPath(this.groupPath + "/" + this.generation.prefix(), this.spec.data(this.generation));
			return znode();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not join " + this.groupPath, ex);
		}
	}

	/**
	 * Deletes this master's znode, as a master shutting down cleanly.
	 */
	public void withdraw() {
		if (this.znodePath == null) {
			return;
		}
		try {
			this.client.delete().forPath(this.znodePath);
		}
		catch (KeeperException.NoNodeException ex) {
			// Already gone.
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not delete " + this.znodePath, ex);
		}
		this.znodePath = null;
	}

	/**
	 * The name of this master's znode.
	 * @return the child's name, such as {@code json.info_0000000003}
	 */
	public String znode() {
		if (this.znodePath == null) {
			throw new IllegalStateException("not joined");
		}
		return this.znodePath.substring(this.znodePath.lastIndexOf('/') + 1);
	}

	/**
	 * What this master says about itself.
	 * @return the spec
	 */
	public MasterSpec spec() {
		return this.spec;
	}

	/**
	 * This master's session, for tests that expire it.
	 * @return the client
	 */
	public CuratorFramework client() {
		return this.client;
	}

	/**
	 * Ends the session: the znode disappears as when a master's process dies and its
	 * session closes.
	 */
	@Override
	public void close() {
		this.client.close();
	}

}
