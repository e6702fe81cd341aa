package io.cairn.bridge.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.support.security.Redaction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the bridge can be told, with its defaults (the only place they are written;
 * {@code docs/marathon-consul-bridge.md} quotes them). Consul's address, ACL token,
 * datacenter and TLS come from {@code cairn.consul.*}; Marathon found through ZooKeeper
 * from {@code cairn.mesos.marathon.zk}; replicas elect their leader through
 * {@code spring.cloud.zookeeper.connect-string} when it is set.
 *
 * @param registrationId this bridge's identity (Consular's {@code --registration-id}):
 * the value of the registration tag that marks the services it owns; services with
 * another registration ID are never touched. {@code consular} adopts what Consular
 * registered
 * @param marathon where Marathon is and how to talk to it
 * @param events how events come in
 * @param consul which Consul agents services are registered on
 * @param mapping how tasks become Consul services
 * @param kv how app labels become Consul KV entries
 * @param sync the full sync
 * @param leader how replicas elect the one that writes
 */
@ConfigurationProperties(BridgeProperties.PREFIX)
public record BridgeProperties(@DefaultValue("consular") String registrationId, @DefaultValue Marathon marathon,
		@DefaultValue Events events, @DefaultValue Consul consul, @DefaultValue Mapping mapping, @DefaultValue Kv kv,
		@DefaultValue Sync sync, @DefaultValue Leader leader) {

	/** The property prefix. */
	public static final String PREFIX = "cairn.bridge";

	public BridgeProperties {
		if (registrationId.isBlank()) {
			throw new IllegalArgumentException(PREFIX + ".registration-id must not be blank");
		}
	}

	/**
	 * Marathon.
	 *
	 * @param urls Marathon base URLs (Consular's {@code --marathon}); with
	 * {@code follow-leader} the bridge asks them for the leader ({@code GET /v2/leader})
	 * and talks to it. Empty, and no {@code cairn.mesos.marathon.zk}: the bridge idles
	 * and says so. Credentials in a URL ({@code http://user:password@host:8080}, as
	 * Consular took them) are taken out of it and used as {@code username} and
	 * {@code password}
	 * @param followLeader talk to the leader named by {@code /v2/leader} (or ZooKeeper)
	 * rather than to the URLs themselves; switch off when the URLs are a load balancer or
	 * carry a path prefix
	 * @param scheme the scheme of leader URLs found through ZooKeeper
	 * @param username HTTP basic auth user, if Marathon requires it
	 * @param password HTTP basic auth password
	 * @param sslBundle a {@code spring.ssl.bundle.*} name whose trust material is used
	 * for {@code https} Marathon URLs, when the JDK's default trust store is not enough
	 * @param connectTimeout how long to wait for a connection
	 * @param requestTimeout how long one REST request may take (Consular's
	 * {@code --timeout})
	 * @param listTimeout how long the full app list
	 * ({@code GET /v2/apps?embed=apps.tasks}) may take; it is larger than one app on a
	 * big cluster
	 * @param maxResponseSize the largest answer read from Marathon (at least 1KB),
	 * counted as it streams in: answers are parsed as they arrive, never held whole. A
	 * larger answer fails its call, and a full sync whose app list it is stops before it
	 * registers or deregisters anything (never a deregistration from a cut answer). The
	 * default leaves room for the largest answer, the app list with every task: at
	 * 100,000 tasks in 10,000 apps, estimated at up to 150MB (about 1KB per task with its
	 * health check results and a few KB per app definition), so 512MB holds three times
	 * that, while an answer that would not end is still stopped
	 */
	public record Marathon(@DefaultValue List<URI> urls, @DefaultValue("true") boolean followLeader,
			@DefaultValue("http") String scheme, @Nullable String username, @Nullable String password,
			@Nullable String sslBundle, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("5s") Duration requestTimeout, @DefaultValue("60s") Duration listTimeout,
			@DefaultValue("512MB") DataSize maxResponseSize) {

		/** The property bounding Marathon's answers. */
		public static final String MAX_RESPONSE_SIZE_PROPERTY = PREFIX + ".marathon.max-response-size";

		public Marathon {
			if (maxResponseSize.toBytes() < 1024) {
				throw new IllegalArgumentException(
						MAX_RESPONSE_SIZE_PROPERTY + " must be at least 1KB, not " + maxResponseSize);
			}
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException(PREFIX + ".marathon.scheme must be http or https, not " + scheme);
			}
			List<URI> plain = new ArrayList<>();
			for (URI url : urls) {
				if (url.getScheme() == null || url.getHost() == null
						|| !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
					throw new IllegalArgumentException(PREFIX + ".marathon.urls must be http(s)://host:port URLs, not "
							+ Redaction.url(url.toString()));
				}
				if (url.getRawUserInfo() == null) {
					plain.add(url);
					continue;
				}
				// Consular took its credentials in the URL (http://user:password@host).
				// They become the basic auth settings, so that the URL shown, logged and
				// sent carries none, and the password is masked like any other.
				String userInfo = url.getUserInfo();
				int colon = userInfo.indexOf(':');
				String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
				String secret = (colon >= 0) ? userInfo.substring(colon + 1) : "";
				if ((username != null && !username.equals(user)) || (password != null && !password.equals(secret))) {
					throw new IllegalArgumentException(PREFIX + ".marathon.urls carry credentials that differ from "
							+ PREFIX + ".marathon.username and .password (or from each other)");
				}
				username = user;
				password = secret;
				try {
					plain.add(new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(),
							url.getQuery(), url.getFragment()));
				}
				catch (URISyntaxException ex) {
					throw new IllegalArgumentException(PREFIX + ".marathon.urls: " + Redaction.url(url.toString())
							+ " is no URL without its credentials", ex);
				}
			}
			urls = List.copyOf(plain);
		}

	}

	/**
	 * How events come in.
	 *
	 * @param stream read Marathon's event stream ({@code GET /v2/events}, Server-Sent
	 * Events) from the leader; every (re)connection is followed by a full sync
	 * @param maxSize the largest event accepted (on the stream and the callback); a
	 * larger one is dropped and a full sync repairs what it carried
	 * @param queueCapacity events waiting to be applied, at most; when full, further
	 * events are dropped and a full sync is run instead
	 * @param workers events applied at the same time (events of one task are always
	 * applied in order)
	 * @param reconnectBackoff the first wait before reconnecting a dropped stream; it
	 * doubles up to {@code max-reconnect-backoff}
	 * @param maxReconnectBackoff the longest wait between reconnection attempts
	 * @param idleTimeout a stream silent (no event, no heartbeat) for this long is
	 * considered dead and reconnected; 0 waits forever
	 * @param callback the legacy HTTP callback intake ({@code POST /events}, Marathon
	 * before 1.5)
	 */
	public record Events(@DefaultValue("true") boolean stream, @DefaultValue("512KB") DataSize maxSize,
			@DefaultValue("10000") int queueCapacity, @DefaultValue("8") int workers,
			@DefaultValue("1s") Duration reconnectBackoff, @DefaultValue("30s") Duration maxReconnectBackoff,
			@DefaultValue("5m") Duration idleTimeout, @DefaultValue Callback callback) {

		public Events {
			if (queueCapacity < 1 || workers < 1) {
				throw new IllegalArgumentException(PREFIX + ".events.queue-capacity and workers must be at least 1");
			}
			if (reconnectBackoff.isNegative() || reconnectBackoff.isZero()
					|| maxReconnectBackoff.compareTo(reconnectBackoff) < 0) {
				throw new IllegalArgumentException(
						PREFIX + ".events.reconnect-backoff must be positive and no longer than max-reconnect-backoff");
			}
		}

	}

	/**
	 * The HTTP callback intake ({@code POST /events}, Marathon before 1.5). It answers
	 * only when callbacks are configured: {@code subscribe} on, or {@code enabled} set;
	 * otherwise {@code POST /events} is a 404 like any path that does not exist.
	 *
	 * @param enabled answer {@code POST /events} without subscribing (a subscription an
	 * operator made by hand, or the one Consular left behind); {@code subscribe} implies
	 * it
	 * @param subscribe register {@code advertised-url} with Marathon
	 * ({@code POST /v2/eventSubscriptions}) while leader, check it again every
	 * {@code check-interval}, remove it when stepping down or stopping
	 * @param advertisedUrl the callback URL Marathon can reach, such as
	 * {@code http://bridge-1.example.com:7000/events?registration=consular}; never a
	 * {@code 0.0.0.0} address. The token, when one is set, is added as {@code token=}
	 * (and shown as {@code token=***} everywhere the URL is shown)
	 * @param checkInterval how often the subscription is checked (and restored)
	 * @param maxBodySize the largest callback body read: an event over
	 * {@code events.max-size} is read no further into memory, but the rest of it is read
	 * and discarded up to this, so that Marathon gets its 2xx (a larger body is refused
	 * with 413); it applies instead of {@code cairn.http.max-request-size} on the
	 * callback
	 */
	public record Callback(@DefaultValue("false") boolean enabled, @DefaultValue("false") boolean subscribe,
			@Nullable URI advertisedUrl, @DefaultValue("60s") Duration checkInterval,
			@DefaultValue("64MB") DataSize maxBodySize) {

		/** The property bounding callback bodies. */
		public static final String MAX_BODY_SIZE_PROPERTY = PREFIX + ".events.callback.max-body-size";

		/** The property that switches the callback on without subscribing. */
		public static final String ENABLED_PROPERTY = PREFIX + ".events.callback.enabled";

		/** The property that makes the bridge subscribe itself. */
		public static final String SUBSCRIBE_PROPERTY = PREFIX + ".events.callback.subscribe";

		public Callback {
			if (subscribe && advertisedUrl == null) {
				throw new IllegalArgumentException(PREFIX + ".events.callback.subscribe needs " + PREFIX
						+ ".events.callback.advertised-url (the URL Marathon can reach)");
			}
			if (advertisedUrl != null
					&& (advertisedUrl.getHost() == null || advertisedUrl.getHost().equals("0.0.0.0"))) {
				throw new IllegalArgumentException(PREFIX + ".events.callback.advertised-url must name a host "
						+ "Marathon can reach, not " + Redaction.url(advertisedUrl.toString()));
			}
		}

		/**
		 * Whether {@code POST /events} answers.
		 * @return true when enabled or subscribing
		 */
		public boolean active() {
			return this.enabled || this.subscribe;
		}

	}

	/**
	 * Where services are registered.
	 *
	 * @param registerOn {@code task-host}: on the Consul agent of the task's host, as
	 * Consular did; {@code central}: on the agent of {@code cairn.consul.addresses} (when
	 * hosts run no agent)
	 * @param agentScheme the scheme of per-host agents
	 * @param agentPort the port of per-host agents (Consular reused its {@code --consul}
	 * port)
	 * @param agents per-host agent addresses that differ from
	 * {@code <agent-scheme>://<host>:<agent-port>} (host name to address)
	 * @param fallback when a task host's agent fails, register on the central agent
	 * instead (Consular's {@code --fallback}); deregistration finds it there
	 * @param requestTimeout how long one call to a host's agent may take (Consular's
	 * {@code --timeout})
	 * @param fallbackTimeout how long a call to the fallback agent may take (Consular's
	 * {@code --fallback-timeout}, which Consular ignored)
	 * @param discoverAgents list the catalog's nodes to find every agent that may hold
	 * one of our services (besides the hosts of running tasks)
	 */
	public record Consul(@DefaultValue("task-host") RegisterOn registerOn, @DefaultValue("http") String agentScheme,
			@DefaultValue("8500") int agentPort, @DefaultValue Map<String, String> agents,
			@DefaultValue("false") boolean fallback, @DefaultValue("5s") Duration requestTimeout,
			@DefaultValue("2s") Duration fallbackTimeout, @DefaultValue("true") boolean discoverAgents) {

		public Consul {
			if (!"http".equals(agentScheme) && !"https".equals(agentScheme)) {
				throw new IllegalArgumentException(
						PREFIX + ".consul.agent-scheme must be http or https, not " + agentScheme);
			}
			if (agentPort < 1 || agentPort > 65535) {
				throw new IllegalArgumentException(PREFIX + ".consul.agent-port must be a port, not " + agentPort);
			}
		}

	}

	/**
	 * Which agent services are registered on.
	 */
	public enum RegisterOn {

		/** The agent on the task's host. */
		TASK_HOST,

		/** The central agent ({@code cairn.consul.addresses}). */
		CENTRAL

	}

	/**
	 * How tasks become services.
	 *
	 * @param mode {@code consular}: Consular's names, IDs and tags, so that existing
	 * consul-template files keep working; {@code allegro}: allegro/marathon-consul's (the
	 * {@code consul} label opts in and names, labels valued {@code tag} become tags, port
	 * labels, {@code <task>_<name>_<port>} IDs, {@code marathon-task:} tags)
	 * @param registrationIdTag the tag name carrying the registration ID (Consular mode)
	 * @param appIdTag the tag name carrying the Marathon app ID (Consular mode)
	 * @param servicePerPort one service per task port, named from its port definition or
	 * mapping, instead of one service on the task's lowest port
	 * @param labelTagPrefix labels whose key starts with this become tags: the rest of
	 * the key, with {@code =value} when the value is not empty; unset: no label tags
	 * @param optInLabel only apps carrying this label are registered; unset: every app
	 * @param healthGating apps with Marathon health checks are registered only once all
	 * of a task's checks pass (and deregistered when one fails); apps without checks are
	 * registered when running
	 * @param consulChecks add Consul HTTP/TCP checks derived from the app's HTTP, HTTPS
	 * and TCP health checks
	 * @param allegro settings of the allegro-compatible mode
	 */
	public record Mapping(@DefaultValue("consular") MappingMode mode,
			@DefaultValue("consular-reg-id") String registrationIdTag, @DefaultValue("consular-app-id") String appIdTag,
			@DefaultValue("false") boolean servicePerPort, @Nullable String labelTagPrefix, @Nullable String optInLabel,
			@DefaultValue("true") boolean healthGating, @DefaultValue("false") boolean consulChecks,
			@DefaultValue Allegro allegro) {

	}

	/**
	 * Naming and tagging conventions.
	 */
	public enum MappingMode {

		/** Consular's. */
		CONSULAR,

		/** allegro/marathon-consul's. */
		ALLEGRO;

		/**
		 * The lower-case name used in properties.
		 * @return for example {@code consular}
		 */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The allegro-compatible mode.
	 *
	 * @param consulTag the tag every registration carries and that marks the services the
	 * bridge owns (allegro's {@code --consul-tag})
	 * @param nameSeparator what replaces {@code /} in service names derived from app IDs
	 * (allegro's {@code --consul-name-separator})
	 */
	public record Allegro(@DefaultValue("marathon") String consulTag, @DefaultValue(".") String nameSeparator) {

	}

	/**
	 * Labels into KV.
	 *
	 * @param enabled write app labels to KV as {@code <prefix>/<service name>/<label>},
	 * values JSON-encoded as Consular did
	 * @param prefix the KV prefix
	 */
	public record Kv(@DefaultValue("true") boolean enabled, @DefaultValue("consular") String prefix) {

		public Kv {
			if (prefix.isBlank() || prefix.startsWith("/") || prefix.endsWith("/")) {
				throw new IllegalArgumentException(
						PREFIX + ".kv.prefix must be a KV path without leading or trailing '/', not '" + prefix + "'");
			}
		}

	}

	/**
	 * The full sync: Marathon's apps and tasks against the services carrying the
	 * registration tag on every agent.
	 *
	 * @param interval time between periodic syncs (Consular's {@code --sync-interval}); 0
	 * switches periodic syncs off (syncs still run at every stream connection and on
	 * {@code POST /v1/sync})
	 * @param purge deregister services whose task no longer runs and delete KV trees of
	 * apps that no longer exist (Consular's {@code --purge}); never services without our
	 * registration tag
	 * @param concurrency agent calls a sync makes at the same time
	 * @param guard the mass-deregistration guard
	 * @param agentCheckInterval how often the leader lists the services of every agent it
	 * registered on, one request per agent, and asks for a sync when one of its services
	 * is missing (an agent restarted with an empty data folder); 0 switches it off
	 */
	public record Sync(@DefaultValue("5m") Duration interval, @DefaultValue("true") boolean purge,
			@DefaultValue("16") int concurrency, @DefaultValue Guard guard,
			@DefaultValue("30s") Duration agentCheckInterval) {

		public Sync {
			if (interval.isNegative()) {
				throw new IllegalArgumentException(PREFIX + ".sync.interval must not be negative");
			}
			if (agentCheckInterval.isNegative()) {
				throw new IllegalArgumentException(PREFIX + ".sync.agent-check-interval must not be negative");
			}
			if (concurrency < 1) {
				throw new IllegalArgumentException(PREFIX + ".sync.concurrency must be at least 1");
			}
		}

	}

	/**
	 * Refuses to deregister en masse: a sync that would deregister more than
	 * {@code min-count} services and more than {@code max-fraction} of the services it
	 * owns, or any service at all while Marathon lists no app, deregisters nothing
	 * (registrations still happen) and says why. {@code POST /v1/sync?force=true}
	 * overrides it once.
	 *
	 * @param maxFraction the largest share of owned services one sync may deregister
	 * @param minCount deregistrations up to this many are always allowed
	 */
	public record Guard(@DefaultValue("0.5") double maxFraction, @DefaultValue("10") int minCount) {

		public Guard {
			if (maxFraction <= 0 || maxFraction > 1) {
				throw new IllegalArgumentException(PREFIX + ".sync.guard.max-fraction must be in (0, 1]");
			}
		}

	}

	/**
	 * Leader election among replicas: only the leader reads events and writes to Consul.
	 *
	 * @param election {@code auto}: ZooKeeper when
	 * {@code spring.cloud.zookeeper.connect-string} is set, else a Consul session lock;
	 * {@code zookeeper}, {@code consul}, or {@code none} (this replica always acts; for a
	 * single instance)
	 * @param zookeeperPath the Curator leader latch path
	 * @param consulKey the KV key of the Consul lock
	 * @param consulSessionTtl the Consul session TTL (a follower takes over within it)
	 * @param id this replica's name in the election; unset: {@code <host name>:<port>}
	 */
	public record Leader(@DefaultValue("auto") Election election,
			@DefaultValue("/cairn/marathon-consul-bridge/leader") String zookeeperPath,
			@DefaultValue("cairn/marathon-consul-bridge/leader") String consulKey,
			@DefaultValue("15s") Duration consulSessionTtl, @Nullable String id) {

	}

	/**
	 * How the leader is elected.
	 */
	public enum Election {

		/** ZooKeeper when configured, else Consul. */
		AUTO,

		/** A Curator leader latch. */
		ZOOKEEPER,

		/** A Consul session lock. */
		CONSUL,

		/** No election: this replica acts. */
		NONE

	}

}
