package io.cairn.mesos.zk;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Builds the Curator client a detector uses when it is not handed one.
 */
public final class ZkClients {

	/** Mesos' own detector session timeout ({@code --zk_session_timeout}). */
	public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

	/** How long one attempt to reach the ensemble may take. */
	public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

	private ZkClients() {
	}

	/**
	 * A new, unstarted client for a group URL: its hosts, its digest credentials if any,
	 * no chroot (paths stay absolute) and nothing created on the server.
	 * @param url the group URL
	 * @param sessionTimeout the ZooKeeper session timeout
	 * @param connectionTimeout how long one attempt to connect may take
	 * @return the client, not started
	 */
	public static CuratorFramework newClient(ZkUrl url, Duration sessionTimeout, Duration connectionTimeout) {
		CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
			.connectString(url.connectString())
			.sessionTimeoutMs((int) sessionTimeout.toMillis())
			.connectionTimeoutMs((int) connectionTimeout.toMillis())
			// Retries within one operation are short: the detector re-reads on
			// reconnection
			// anyway, and a long retry would delay what it reports.
			.retryPolicy(new ExponentialBackoffRetry(100, 3, 1000));
		DigestCredentials credentials = url.credentials();
		if (credentials != null) {
			builder.authorization(DigestCredentials.SCHEME, credentials.authBytes());
		}
		return builder.build();
	}

	/**
	 * A new, unstarted client with the default timeouts.
	 * @param url the group URL
	 * @return the client, not started
	 */
	public static CuratorFramework newClient(ZkUrl url) {
		return newClient(url, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
	}

}
