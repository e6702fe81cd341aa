package io.cairn.mesos.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.cairn.mesos.master.HostField;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Mesos masters and Marathon are, and how to talk to them.
 *
 * @param master the masters, in any form a {@code --master} value takes:
 * {@code zk://[user:pass@]host:port[,host:port]/path} (followed through ZooKeeper),
 * {@code host:port}, {@code master@ip:port}, {@code http[s]://host:port}, or
 * {@code file:///path} holding one of these; unset switches Mesos features off
 * @param sessionTimeout the ZooKeeper session timeout (Mesos' own default)
 * @param connectionTimeout how long one attempt to reach ZooKeeper may take
 * @param hostField which host field master URLs are built from: {@code IP} works where
 * host names do not resolve
 * @param api the operator and scheduler API clients
 * @param marathon where Marathon is, for following its leader
 */
@ConfigurationProperties("cairn.mesos")
public record MesosDiscoveryProperties(@Nullable String master, @DefaultValue("10s") Duration sessionTimeout,
		@DefaultValue("10s") Duration connectionTimeout, @DefaultValue("IP") HostField hostField, @DefaultValue Api api,
		@DefaultValue Marathon marathon) {

	/**
	 * The Mesos HTTP API clients.
	 *
	 * @param scheme {@code http}, or {@code https} for masters serving TLS
	 * @param sslBundle the SSL bundle ({@code spring.ssl.bundle.*}) to trust the masters
	 * with, when the JDK's default trust store is not enough
	 * @param principal the HTTP basic auth principal, if the masters authenticate HTTP
	 * @param secret the HTTP basic auth secret
	 * @param requestTimeout how long one request may take to answer
	 * @param retryBudget how long a call keeps retrying while no leading master answers
	 * (redirects, 503s, failover)
	 * @param heartbeat the heartbeat interval assumed on an event stream until the master
	 * announces its own
	 */
	public record Api(@DefaultValue("http") String scheme, @Nullable String sslBundle, @Nullable String principal,
			@Nullable String secret, @DefaultValue("30s") Duration requestTimeout,
			@DefaultValue("30s") Duration retryBudget, @DefaultValue("15s") Duration heartbeat) {

		public Api {
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException("cairn.mesos.api.scheme must be http or https, not " + scheme);
			}
		}

	}

	/**
	 * Marathon.
	 *
	 * @param zk Marathon's own {@code --zk} URL (such as {@code zk://zk1:2181/marathon}):
	 * its leader is followed through ZooKeeper
	 * @param urls Marathon URLs to ask {@code GET /v2/leader} when ZooKeeper is not
	 * reachable from here
	 */
	public record Marathon(@Nullable String zk, @DefaultValue List<URI> urls) {
	}

}
