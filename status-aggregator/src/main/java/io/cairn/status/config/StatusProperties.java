package io.cairn.status.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything status-aggregator can be told, under {@code cairn.status}. The defaults here
 * are the ones the docs quote.
 *
 * @param replicaId this replica's name in the database (who claimed a poll, who owns a
 * command check); by default the host name. Give replicas on one host distinct ids.
 * @param poll how checks are polled
 * @param security which targets checks may reach
 * @param api how the API answers
 * @param history how long transitions are kept
 * @param syncInterval how often a replica reads the changes other replicas wrote
 * @param zone the time zone of Megaphone's {@code date} field
 * @param commands local command checks, by id (Nagios plugin style: exit 0 to 3, first
 * line as message); the only way to define them
 * @param discovery check sources
 * @param zookeeper the znode the states are published to when ZooKeeper is configured
 * @param webhooks URLs told about aggregate status changes
 * @param metrics meter limits
 * @param megaphoneCache a Megaphone cache file ({@code cache.json}) to import once at
 * start-up
 */
@ConfigurationProperties("cairn.status")
public record StatusProperties(@Nullable String replicaId, @DefaultValue Poll poll, @DefaultValue Security security,
		@DefaultValue Api api, @DefaultValue History history, @DefaultValue("1s") Duration syncInterval,
		@DefaultValue("UTC") ZoneId zone, @DefaultValue Map<String, Command> commands,
		@DefaultValue Discovery discovery, @DefaultValue Zookeeper zookeeper, @DefaultValue List<Webhook> webhooks,
		@DefaultValue Metrics metrics, @Nullable Path megaphoneCache) {

	public StatusProperties {
		positive("sync-interval", syncInterval);
	}

	static void positive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("cairn.status." + name + " must be positive, not " + value);
		}
	}

	/**
	 * Polling.
	 *
	 * @param interval how often a check is polled unless it says otherwise (Megaphone
	 * polled on every request)
	 * @param minInterval the shortest interval a check may ask for
	 * @param connectTimeout how long a TCP connection may take
	 * @param readTimeout the longest silence while reading a response
	 * @param timeout the most one poll may take in all, redirects included (a slow
	 * trickle cannot hold a poller longer)
	 * @param maxResponseSize the largest response body read; larger ones are Critical
	 * @param maxRedirects how many redirects are followed, each re-checked against the
	 * target policy (0 follows none)
	 * @param failureThreshold consecutive failing polls before an OK check turns non-OK
	 * @param successThreshold consecutive OK polls before a failing check turns OK
	 * @param staleAfterIntervals a check with no poll result for this many intervals is
	 * at least Unknown (stale), so a stuck poller never shows green
	 * @param concurrency how many polls run at once on this replica
	 * @param slowLaneConcurrency how many polls of checks that timed out last time run at
	 * once, apart from the others, so hanging checks never delay healthy ones
	 * @param claimInterval how often a replica looks for checks that are due
	 * @param flushInterval how often poll results are written to the database (in one
	 * transaction)
	 * @param statusAliases extra status values and what they count as, matched whatever
	 * their case, e.g. {@code UP: OK} and {@code DOWN: CRITICAL} for Spring Boot's
	 * {@code /actuator/health}; without an alias such values are Unknown, as in Megaphone
	 */
	public record Poll(@DefaultValue("30s") Duration interval, @DefaultValue("1s") Duration minInterval,
			@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
			@DefaultValue("10s") Duration timeout, @DefaultValue("64KB") DataSize maxResponseSize,
			@DefaultValue("3") int maxRedirects, @DefaultValue("1") int failureThreshold,
			@DefaultValue("1") int successThreshold, @DefaultValue("3") int staleAfterIntervals,
			@DefaultValue("128") int concurrency, @DefaultValue("32") int slowLaneConcurrency,
			@DefaultValue("250ms") Duration claimInterval, @DefaultValue("200ms") Duration flushInterval,
			@DefaultValue Map<String, CheckStatus> statusAliases) {

		public Poll {
			positive("poll.interval", interval);
			positive("poll.min-interval", minInterval);
			positive("poll.connect-timeout", connectTimeout);
			positive("poll.read-timeout", readTimeout);
			positive("poll.timeout", timeout);
			positive("poll.claim-interval", claimInterval);
			positive("poll.flush-interval", flushInterval);
			if (maxRedirects < 0 || failureThreshold < 1 || successThreshold < 1 || staleAfterIntervals < 1
					|| concurrency < 1 || slowLaneConcurrency < 1) {
				throw new IllegalArgumentException("cairn.status.poll: max-redirects must be at least 0; thresholds, "
						+ "stale-after-intervals and concurrencies at least 1");
			}
			if (maxResponseSize.toBytes() < 1) {
				throw new IllegalArgumentException("cairn.status.poll.max-response-size must be positive");
			}
		}

	}

	/**
	 * The target policy.
	 *
	 * @param allowLoopback whether checks may reach 127.0.0.0/8 and ::1
	 * @param allowPrivate whether checks may reach private networks (10/8, 172.16/12,
	 * 192.168/16, 100.64/10, fc00::/7)
	 * @param allow when not empty, the only targets allowed: CIDRs ({@code 10.1.0.0/16}),
	 * host names ({@code status.example.com}) or domains ({@code *.example.com})
	 * @param deny targets refused whatever else says, in the same forms
	 */
	public record Security(@DefaultValue("true") boolean allowLoopback, @DefaultValue("true") boolean allowPrivate,
			@DefaultValue List<String> allow, @DefaultValue List<String> deny) {

	}

	/**
	 * How the API answers.
	 *
	 * @param criticalStatusCode the HTTP status of {@code /status} when the aggregate is
	 * Critical (Megaphone: 200; load balancers want 503); {@code ?critical=503} asks per
	 * request
	 * @param showDocuments whether {@code /check/show/<id>} returns the check's own
	 * document; when false it returns only status, message and date
	 */
	public record Api(@DefaultValue("200") int criticalStatusCode, @DefaultValue("true") boolean showDocuments) {

	}

	/**
	 * Transition history.
	 *
	 * @param retention how long transitions are kept
	 */
	public record History(@DefaultValue("30d") Duration retention) {

	}

	/**
	 * A local command check.
	 *
	 * @param command the program and its arguments (no shell)
	 * @param interval how often it runs, or the default poll interval
	 * @param timeout how long it may run before it is killed and reported Critical
	 * @param tags tags for filtering
	 */
	public record Command(List<String> command, @Nullable Duration interval, @DefaultValue("10s") Duration timeout,
			@DefaultValue List<String> tags) {

	}

	/**
	 * Check sources.
	 *
	 * @param registry registry-service instances
	 * @param consul Consul service health
	 * @param leaseTime how long a replica holds the job of running discovery and
	 * publishing before another may take over
	 */
	public record Discovery(@DefaultValue Registry registry, @DefaultValue Consul consul,
			@DefaultValue("30s") Duration leaseTime) {

	}

	/**
	 * registry-service as a source: every live instance whose labels carry the status
	 * label becomes a check.
	 *
	 * @param url registry-service's base URL (e.g. {@code http://localhost:5000}); unset
	 * switches the source off
	 * @param interval how often the instance list is read
	 * @param label the instance label holding the status URL (absolute, or a path on the
	 * instance's own address)
	 * @param checkInterval the poll interval of discovered checks, or the default
	 * @param tags tags given to discovered checks (the service name is added)
	 */
	public record Registry(@Nullable URI url, @DefaultValue("15s") Duration interval,
			@DefaultValue("status-url") String label, @Nullable Duration checkInterval,
			@DefaultValue("registry") List<String> tags) {

	}

	/**
	 * Consul as a source: one check per service, its worst health check state.
	 *
	 * @param enabled whether the source runs
	 * @param interval how often service health is read
	 * @param tags tags given to discovered checks (the service name is added)
	 */
	public record Consul(@DefaultValue("false") boolean enabled, @DefaultValue("15s") Duration interval,
			@DefaultValue("consul") List<String> tags) {

	}

	/**
	 * ZooKeeper publishing (on when {@code spring.cloud.zookeeper.connect-string} is
	 * set).
	 *
	 * @param path the znode holding the aggregate and per-check states
	 */
	public record Zookeeper(@DefaultValue("/cairn/status") String path) {

	}

	/**
	 * A webhook.
	 *
	 * @param url where the change is POSTed as JSON
	 * @param timeout how long the call may take
	 */
	public record Webhook(URI url, @DefaultValue("5s") Duration timeout) {

	}

	/**
	 * Meters.
	 *
	 * @param perCheckLimit a per-check state gauge is registered only while there are at
	 * most this many checks
	 */
	public record Metrics(@DefaultValue("100") int perCheckLimit) {

	}

}
