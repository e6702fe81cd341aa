package io.cairn.testkit.mesos;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.jspecify.annotations.Nullable;

/**
 * One simulated process's ZooKeeper session.
 */
final class ZkSession {

	private ZkSession() {
	}

	static CuratorFramework open(String connectString, @Nullable String digest) {
		CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
			.connectString(connectString)
			.sessionTimeoutMs(10_000)
			.connectionTimeoutMs(10_000)
			// A master's operations outlast an ensemble server dying: on a loaded
			// machine, moving to another server takes longer than a few retries (five
			// from 100 ms gave up after about 3 s), so retry while the session lives.
			.retryPolicy(new RetryUntilElapsed(10_000, 100));
		if (digest != null) {
			builder.authorization("digest", digest.getBytes(StandardCharsets.UTF_8));
		}
		CuratorFramework client = builder.build();
		client.start();
		try {
			if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
				client.close();
				throw new IllegalStateException("could not connect to ZooKeeper at " + connectString);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			client.close();
			throw new IllegalStateException(ex);
		}
		return client;
	}

	/**
	 * The ACL Mesos gives its znodes: world-readable when it has credentials, else open.
	 */
	static List<ACL> mesosAcl(@Nullable String digest) {
		if (digest == null) {
			return ZooDefs.Ids.OPEN_ACL_UNSAFE;
		}
		return List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
				new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS));
	}

}
