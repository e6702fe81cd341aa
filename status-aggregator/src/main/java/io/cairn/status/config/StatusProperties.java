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
 * @param history how long transitions are kept, and the result history
 * @param syncInterval how often a replica reads the changes other replicas wrote
 * @param zone the time zone of Megaphone's {@code date} field
 * @param commands local command checks, by id (Nagios plugin style: exit 0 to 3, first
 * line as message); the only way to define them
 * @param discovery check sources
 * @param zookeeper the znode the states are published to when ZooKeeper is configured
 * @param webhooks URLs told about aggregate status changes
 * @param metrics meter limits
 * @param limits bounds on what clients may ask for
 * @param megaphoneCache a Megaphone cache file ({@code cache.json}) to import once at
 * start-up
 */
@ConfigurationProperties("cairn.status")
public record StatusProperties(@Nullable String replicaId, @DefaultValue Poll poll, @DefaultValue Security security,
		@DefaultValue Api api, @DefaultValue History history, @DefaultValue("1s") Duration syncInterval,
		@DefaultValue("UTC") ZoneId zone, @DefaultValue Map<String, Command> commands,
		@DefaultValue Discovery discovery, @DefaultValue Zookeeper zookeeper, @DefaultValue List<Webhook> webhooks,
		@DefaultValue Metrics metrics, @DefaultValue Limits limits, @Nullable Path megaphoneCache) {

	/**
	 * The longest interval the database is ever asked to compute with (the
	 * {@code status_check.interval_ms} constraint of {@code V2__bounds.sql}); no setting
	 * may go beyond it.
	 */
	public static final Duration LONGEST_INTERVAL = Duration.ofDays(366);

	/** The longest timeout any setting may have. */
	static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(10);

	public StatusProperties {
		between("sync-interval", syncInterval, Duration.ofMillis(1), Duration.ofMinutes(10));
		if (poll.interval().compareTo(poll.minInterval()) < 0 || poll.interval().compareTo(poll.maxInterval()) > 0) {
			throw new IllegalArgumentException("cairn.status.poll.interval (" + poll.interval()
					+ ") must lie between poll.min-interval and poll.max-interval");
		}
		Duration checkInterval = discovery.registry().checkInterval();
		if (checkInterval != null && (checkInterval.compareTo(poll.minInterval()) < 0
				|| checkInterval.compareTo(poll.maxInterval()) > 0)) {
			throw new IllegalArgumentException("cairn.status.discovery.registry.check-interval (" + checkInterval
					+ ") must lie between poll.min-interval and poll.max-interval");
		}
		for (Map.Entry<String, Command> command : commands.entrySet()) {
			Duration interval = command.getValue().interval();
			if (interval != null
					&& (interval.compareTo(poll.minInterval()) < 0 || interval.compareTo(poll.maxInterval()) > 0)) {
				throw new IllegalArgumentException("cairn.status.commands." + command.getKey() + ".interval ("
						+ interval + ") must lie between poll.min-interval and poll.max-interval");
			}
		}
	}

	static void positive(String name, Duration value) {
		between(name, value, Duration.ofMillis(1), LONGEST_INTERVAL);
	}

	static void between(String name, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(
					"cairn.status." + name + " must lie between " + min + " and " + max + ", not " + value);
		}
	}

	static void between(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"cairn.status." + name + " must lie between " + min + " and " + max + ", not " + value);
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
	 * @param concurrency how many polls of checks known to answer quickly run at once on
	 * this replica (the main lane)
	 * @param slowLaneConcurrency how many polls of slow checks (the last poll timed out
	 * or took {@code slow-after} or more) run at once, apart from the others, so hanging
	 * or trickling checks never delay healthy ones
	 * @param firstPollConcurrency how many first polls (checks this replica has no
	 * latency for: new, re-targeted) run at once, apart from the other lanes, so a flood
	 * of new checks cannot hold the main lane
	 * @param slowAfter a poll in the main lane is cut short at this age and the check
	 * moves to the slow lane, where its poll starts again with the full timeout; the most
	 * one poll can hold a main-lane poller
	 * @param slowLaneStay how long a check stays in the slow lane after its last slow
	 * poll before a quick poll brings it back, so a target that alternates quick and slow
	 * answers holds a main-lane poller at most {@code slow-after} per stay
	 * @param dnsLookups how many host name lookups may be waiting for DNS at once; a
	 * lookup beyond that fails at once (the JDK resolver cannot be interrupted, so a
	 * lookup that outlives its poll's deadline keeps a lookup thread until DNS answers)
	 * @param maxInterval the longest interval a check may ask for
	 * @param claimInterval how often a replica looks for checks that are due
	 * @param flushInterval how often poll results are written to the database (in one
	 * transaction)
	 * @param statusAliases extra status values and what they count as, matched whatever
	 * their case, e.g. {@code UP: OK} and {@code DOWN: CRITICAL} for Spring Boot's
	 * {@code /actuator/health}; without an alias such values are Unknown, as in Megaphone
	 * @param resumeGrace after a database outage, how long a replica claims only the
	 * checks it held: the other replicas polled theirs from memory meanwhile and need a
	 * moment to write when those are due next, and a check claimed before that would be
	 * polled twice in one interval; a replica that died during the outage has its checks
	 * taken over this much later
	 */
	public record Poll(@DefaultValue("30s") Duration interval, @DefaultValue("1s") Duration minInterval,
			@DefaultValue("1d") Duration maxInterval, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("5s") Duration readTimeout, @DefaultValue("10s") Duration timeout,
			@DefaultValue("64KB") DataSize maxResponseSize, @DefaultValue("3") int maxRedirects,
			@DefaultValue("1") int failureThreshold, @DefaultValue("1") int successThreshold,
			@DefaultValue("3") int staleAfterIntervals, @DefaultValue("128") int concurrency,
			@DefaultValue("32") int slowLaneConcurrency, @DefaultValue("16") int firstPollConcurrency,
			@DefaultValue("1s") Duration slowAfter, @DefaultValue("10m") Duration slowLaneStay,
			@DefaultValue("256") int dnsLookups, @DefaultValue("250ms") Duration claimInterval,
			@DefaultValue("200ms") Duration flushInterval, @DefaultValue Map<String, CheckStatus> statusAliases,
			@DefaultValue("10s") Duration resumeGrace) {

		public Poll {
			positive("poll.interval", interval);
			positive("poll.min-interval", minInterval);
			positive("poll.max-interval", maxInterval);
			if (minInterval.compareTo(maxInterval) > 0) {
				throw new IllegalArgumentException("cairn.status.poll.min-interval (" + minInterval
						+ ") must not be longer than poll.max-interval (" + maxInterval + ")");
			}
			between("poll.connect-timeout", connectTimeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
			between("poll.read-timeout", readTimeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
			between("poll.timeout", timeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
			between("poll.slow-after", slowAfter, Duration.ofMillis(1), LONGEST_TIMEOUT);
			between("poll.slow-lane-stay", slowLaneStay, Duration.ZERO, Duration.ofDays(1));
			between("poll.claim-interval", claimInterval, Duration.ofMillis(1), Duration.ofMinutes(1));
			between("poll.flush-interval", flushInterval, Duration.ofMillis(1), Duration.ofMinutes(1));
			between("poll.resume-grace", resumeGrace, Duration.ZERO, Duration.ofMinutes(10));
			between("poll.max-response-size", maxResponseSize.toBytes(), 1, DataSize.ofMegabytes(64).toBytes());
			between("poll.max-redirects", maxRedirects, 0, 20);
			between("poll.failure-threshold", failureThreshold, 1, 100);
			between("poll.success-threshold", successThreshold, 1, 100);
			between("poll.stale-after-intervals", staleAfterIntervals, 1, 100);
			between("poll.concurrency", concurrency, 1, 4096);
			between("poll.slow-lane-concurrency", slowLaneConcurrency, 1, 4096);
			between("poll.first-poll-concurrency", firstPollConcurrency, 1, 4096);
			between("poll.dns-lookups", dnsLookups, 1, 4096);
		}

		/**
		 * The most a poll may hold a main-lane poller.
		 * @return {@code slow-after}, or the timeout when that is shorter
		 */
		public Duration mainLaneBudget() {
			return (this.slowAfter.compareTo(this.timeout) < 0) ? this.slowAfter : this.timeout;
		}

	}

	/**
	 * The target policy.
	 *
	 * @param allowLoopback whether checks may reach 127.0.0.0/8 and ::1 (off by default:
	 * the aggregator's own host runs its database and often agents with admin APIs; a
	 * launcher that polls apps on the same host switches it on)
	 * @param allowPrivate whether checks may reach private networks (10/8, 172.16/12,
	 * 192.168/16, 100.64/10, fc00::/7, fec0::/10), where the services a health aggregator
	 * watches usually live
	 * @param allow when not empty, the only targets allowed: CIDRs ({@code 10.1.0.0/16}),
	 * host names ({@code status.example.com}) or domains ({@code *.example.com}); a name
	 * only admits a target, a CIDR also lifts the loopback and private switches for the
	 * addresses it covers
	 * @param deny targets refused whatever else says, in the same forms; a name also
	 * denies the addresses it resolves to
	 */
	public record Security(@DefaultValue("false") boolean allowLoopback, @DefaultValue("true") boolean allowPrivate,
			@DefaultValue List<String> allow, @DefaultValue List<String> deny) {

		public Security {
			between("security.allow (entries)", allow.size(), 0, 1000);
			between("security.deny (entries)", deny.size(), 0, 1000);
		}

	}

	/**
	 * How the API answers.
	 *
	 * @param criticalStatusCode the HTTP status of {@code /status} when the aggregate is
	 * Critical (Megaphone: 200; load balancers want 503); {@code ?critical=503} asks per
	 * request
	 * @param showDocuments whether {@code /check/show/<id>} and {@code /checks/<id>}
	 * return the check's own JSON document; off by default, so that a check pointed at an
	 * internal JSON service cannot be used to read it; when false {@code /check/show}
	 * returns Megaphone's {@code {"status", "date", "message"}} summary
	 * @param showFailureReasons whether a check that cannot be read says why (connection
	 * refused, read timed out, HTTP 404, not JSON, the target policy's reason); off by
	 * default, so that checks are no port scanner for whoever reads {@code /status}: the
	 * message is then Megaphone's own {@code Unable to communicate with <url>!}
	 */
	public record Api(@DefaultValue("200") int criticalStatusCode, @DefaultValue("false") boolean showDocuments,
			@DefaultValue("false") boolean showFailureReasons) {

		public Api {
			between("api.critical-status-code", criticalStatusCode, 200, 599);
		}

	}

	/**
	 * Bounds on what clients (and discovery sources) may ask for. Beyond them a request
	 * is answered 400 naming the field and its bound, or 429 when the number of checks is
	 * at its cap.
	 *
	 * @param maxChecks the most checks (of every source) the aggregator keeps; adding one
	 * more answers 429, and discovery skips the rest
	 * @param maxImportChecks the most checks one {@code POST /checks/import} may carry
	 * @param maxSilence the longest mute or maintenance window
	 */
	public record Limits(@DefaultValue("10000") int maxChecks, @DefaultValue("1000") int maxImportChecks,
			@DefaultValue("30d") Duration maxSilence) {

		public Limits {
			between("limits.max-checks", maxChecks, 1, 1_000_000);
			between("limits.max-import-checks", maxImportChecks, 1, 100_000);
			between("limits.max-silence", maxSilence, Duration.ofSeconds(1), LONGEST_INTERVAL);
		}

	}

	/**
	 * Transition history and result history.
	 *
	 * @param retention how long transitions are kept
	 * @param results whether every poll result's outcome and response time is kept (for
	 * uptime, percentiles, badges and the status page); off, only transitions are
	 * @param rawRetention how long raw results are kept; finished hours are rolled up
	 * into hourly rows within a minute, so this only bounds how far back single results
	 * can be read (at least 2 hours, so that an hour is rolled up before its results go)
	 * @param hourlyRetention how long hourly rows are kept: uptime and percentiles over
	 * windows longer than this count only what is left
	 * @param queueCapacity the most results waiting to be written; beyond it results are
	 * dropped from the history (never from polling) and counted in
	 * {@code cairn.status.history.results.dropped}
	 */
	public record History(@DefaultValue("30d") Duration retention, @DefaultValue("true") boolean results,
			@DefaultValue("1d") Duration rawRetention, @DefaultValue("90d") Duration hourlyRetention,
			@DefaultValue("100000") int queueCapacity) {

		public History {
			between("history.retention", retention, Duration.ofMinutes(1), Duration.ofDays(3660));
			between("history.raw-retention", rawRetention, Duration.ofHours(2), Duration.ofDays(7));
			between("history.hourly-retention", hourlyRetention, Duration.ofDays(1), Duration.ofDays(400));
			between("history.queue-capacity", queueCapacity, 1000, 1_000_000);
		}

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

		public Command {
			between("commands.*.timeout", timeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
		}

	}

	/**
	 * Check sources.
	 *
	 * @param registry registry-service instances
	 * @param consul Consul service health
	 * @param leaseTime how long a replica holds the job of running discovery and
	 * publishing before another may take over
	 * @param maxChecks the most checks one source may create; the rest of a round's
	 * answer is skipped (and said so in the log), so a flood of registrations cannot
	 * flood the aggregator
	 */
	public record Discovery(@DefaultValue Registry registry, @DefaultValue Consul consul,
			@DefaultValue("30s") Duration leaseTime, @DefaultValue("1000") int maxChecks) {

		public Discovery {
			between("discovery.lease-time", leaseTime, Duration.ofSeconds(1), Duration.ofDays(1));
			between("discovery.max-checks", maxChecks, 0, 1_000_000);
		}

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
	 * @param timeout the most one read of the instance list may take, body included
	 * @param maxResponseSize the largest instance list read; a larger one fails the round
	 * (the checks are kept as they are)
	 */
	public record Registry(@Nullable URI url, @DefaultValue("15s") Duration interval,
			@DefaultValue("status-url") String label, @Nullable Duration checkInterval,
			@DefaultValue("registry") List<String> tags, @DefaultValue("10s") Duration timeout,
			@DefaultValue("4MB") DataSize maxResponseSize) {

		public Registry {
			between("discovery.registry.interval", interval, Duration.ofMillis(1), Duration.ofDays(1));
			between("discovery.registry.timeout", timeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
			between("discovery.registry.max-response-size", maxResponseSize.toBytes(), 1,
					DataSize.ofMegabytes(256).toBytes());
		}

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

		public Consul {
			between("discovery.consul.interval", interval, Duration.ofMillis(1), Duration.ofDays(1));
		}

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

		public Webhook {
			between("webhooks[].timeout", timeout, Duration.ofMillis(1), LONGEST_TIMEOUT);
		}

	}

	/**
	 * Meters.
	 *
	 * @param perCheckLimit a per-check state gauge is registered only while there are at
	 * most this many checks
	 */
	public record Metrics(@DefaultValue("100") int perCheckLimit) {

		public Metrics {
			between("metrics.per-check-limit", perCheckLimit, 0, 10_000);
		}

	}

}
