package io.cairn.status.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.format.HealthFormat;
import io.cairn.status.format.HealthReaders;
import io.cairn.status.poll.CheckProbes;
import io.cairn.status.poll.HttpCheckAnswer;
import io.cairn.status.poll.HttpCheckFetcher;
import io.cairn.status.poll.HttpCheckRequest;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.support.security.Redaction;

/**
 * Polls HTTP, TCP and TLS checks: HTTP answers through {@link HttpCheckFetcher} (its
 * deadline, size cap, redirect and target rules) read in the check's health format or
 * against its conditions; TCP and TLS through {@link SocketProbes}. Never throws: a
 * target that cannot be reached is Critical, as an HTTP check's is.
 */
public class NetworkProbes implements CheckProbes {

	private static final Log logger = LogFactory.getLog(NetworkProbes.class);

	/** What non-Megaphone formats accept: JSON first, text (Kubernetes) too. */
	private static final HttpCheckRequest HEALTH_REQUEST = new HttpCheckRequest("GET",
			Map.of("Accept", "application/json, text/plain;q=0.9, */*;q=0.5"), null);

	/**
	 * A TLS check without conditions: the handshake must succeed, and fewer than 14 days
	 * left on the certificate is a Warning.
	 */
	static final List<Condition> TLS_DEFAULTS = List.of(new Condition("[CONNECTED] == true", CheckStatus.CRITICAL),
			new Condition("[CERTIFICATE_DAYS_LEFT] >= 14", CheckStatus.WARNING));

	private final HttpCheckFetcher http;

	private final HealthReaders readers;

	private final SocketProbes sockets;

	private final DnsProbe dns;

	private final ConditionResults conditions;

	private final StatusProperties.Poll poll;

	private final boolean showReasons;

	private final Clock clock;

	private final HttpRequestShapes shapes;

	/**
	 * Create the probes.
	 * @param http the HTTP fetcher
	 * @param readers reads health formats
	 * @param sockets TCP connects and TLS handshakes
	 * @param dns DNS queries
	 * @param mapper writes condition results
	 * @param poll timeouts
	 * @param showReasons whether failure messages say why
	 * @param clock stamps results
	 * @param secrets the secrets checks name in {@code auth}
	 */
	NetworkProbes(HttpCheckFetcher http, HealthReaders readers, SocketProbes sockets, DnsProbe dns, JsonMapper mapper,
			StatusProperties.Poll poll, boolean showReasons, Clock clock, CheckSecrets secrets) {
		this.shapes = new HttpRequestShapes(secrets);
		this.dns = dns;
		this.http = http;
		this.readers = readers;
		this.sockets = sockets;
		this.conditions = new ConditionResults(mapper);
		this.poll = poll;
		this.showReasons = showReasons;
		this.clock = clock;
	}

	@Override
	public boolean handles(CheckDefinition definition) {
		return definition.kind() == CheckKind.HTTP || definition.kind() == CheckKind.TCP
				|| definition.kind() == CheckKind.TLS || definition.kind() == CheckKind.DNS;
	}

	@Override
	public Optional<PollResult> poll(CheckDefinition definition, Duration budget, boolean full) {
		boolean shortBudget = !full && budget.compareTo(this.poll.timeout()) < 0;
		Duration limit = shortBudget ? budget : this.poll.timeout();
		return switch (definition.kind()) {
			case TCP, TLS -> socket(definition, limit, shortBudget);
			case DNS -> dns(definition, limit, shortBudget);
			default -> http(definition, limit, shortBudget);
		};
	}

	private Optional<PollResult> http(CheckDefinition check, Duration budget, boolean shortBudget) {
		Probe probe = check.probe();
		HttpCheckRequest request = (probe == null || probe.formatOrAuto() == HealthFormat.MEGAPHONE
				|| (probe.formatOrAuto() == HealthFormat.AUTO && !probe.hasConditions())) ? HttpCheckRequest.MEGAPHONE
						: HEALTH_REQUEST;
		HttpRequestSpec spec = (probe != null) ? probe.request() : null;
		if (spec != null) {
			HttpCheckRequest shaped = this.shapes.shape(spec, request);
			if (shaped == null) {
				// Named, never valued: the name is the operator's, the value the secret.
				HttpAuth auth = spec.auth();
				return Optional
					.of(new PollResult(CheckStatus.CRITICAL, CheckStatus.CRITICAL.label(),
							"The secret this check names is not set on this replica (" + CheckSecrets.PREFIX
									+ ((auth != null) ? auth.secret() : "") + ").",
							null, this.clock.instant(), 0, false));
			}
			request = shaped;
		}
		HttpCheckAnswer answer = this.http.exchange(check, request, budget);
		if (answer.expired() && shortBudget) {
			return Optional.empty();
		}
		if (answer.failure() != null) {
			return Optional.of(answer.failure());
		}
		if (probe != null && probe.hasConditions()) {
			X509Certificate[] chain = answer.peerCertificates();
			Long daysLeft = (chain != null && chain.length > 0) ? SocketProbes.daysLeft(chain[0], answer.finishedAt())
					: null;
			Observation observation = new Observation(answer.status(), answer.latencyMillis(), answer.body(),
					json(answer.body()), answer.headers(), daysLeft, true, null);
			return Optional.of(this.conditions.evaluate(probe.conditions(), observation, answer.finishedAt()));
		}
		HealthFormat format = (probe != null) ? probe.formatOrAuto() : HealthFormat.AUTO;
		return Optional.of(this.readers.read(check, format, (probe != null) ? probe.okStatuses() : List.of(), answer));
	}

	private @Nullable JsonNode json(byte[] body) {
		return this.readers.parse(body);
	}

	private Optional<PollResult> socket(CheckDefinition check, Duration budget, boolean shortBudget) {
		long started = System.nanoTime();
		long deadline = started + budget.toNanos();
		boolean tls = check.kind() == CheckKind.TLS;
		Probe probe = check.probe();
		List<Condition> conditions = (probe != null && probe.hasConditions()) ? probe.conditions()
				: (tls ? TLS_DEFAULTS : List.of());
		String target = Redaction.url(check.target());
		URI uri;
		try {
			uri = URI.create(check.target());
			SocketProbes.Connected connected = this.sockets.connect(uri, tls, deadline);
			Instant now = this.clock.instant();
			Long daysLeft = (connected.certificate() != null) ? SocketProbes.daysLeft(connected.certificate(), now)
					: null;
			if (conditions.isEmpty()) {
				return Optional.of(new PollResult(CheckStatus.OK, CheckStatus.OK.label(),
						"Connected to " + target + " in " + connected.latencyMillis() + " ms", null, now,
						connected.latencyMillis(), false));
			}
			Observation observation = new Observation(0, connected.latencyMillis(), new byte[0], null, Map.of(),
					daysLeft, true, null);
			return Optional.of(this.conditions.evaluate(conditions, observation, now));
		}
		catch (SocketProbes.DeadlineException ex) {
			if (shortBudget) {
				return Optional.empty();
			}
			return Optional
				.of(unable(check, "no answer within " + this.poll.timeout().toSeconds() + "s", started, true));
		}
		catch (ForbiddenTargetException ex) {
			logger.debug("Check '" + check.id() + "' at " + target + " refused: " + ex.getMessage());
			String message = this.showReasons ? "Refused to check " + target + ": " + ex.getMessage()
					: "Unable to communicate with " + target + "!";
			return Optional.of(critical(message, started, false));
		}
		catch (SSLException ex) {
			// The TCP connection was made: a handshake that fails (untrusted, expired or
			// wrong-host certificate) is always Critical.
			return Optional.of(unable(check, "TLS handshake failed: " + reason(ex), started, false));
		}
		catch (IOException | RuntimeException ex) {
			if (!tls && probe != null
					&& probe.conditions().stream().anyMatch((condition) -> condition.parsed().readsConnected())) {
				// A TCP check may expect a closed port ([CONNECTED] == false); one whose
				// conditions do not mention [CONNECTED] needs a connection.
				long latency = elapsed(started);
				Observation observation = new Observation(0, latency, new byte[0], null, Map.of(), null, false, null);
				return Optional.of(this.conditions.evaluate(conditions, observation, this.clock.instant()));
			}
			return Optional.of(unable(check, reason(ex), started, false));
		}
	}

	private Optional<PollResult> dns(CheckDefinition check, Duration budget, boolean shortBudget) {
		long started = System.nanoTime();
		long deadline = started + budget.toNanos();
		Probe probe = check.probe();
		String target = Redaction.url(check.target());
		try {
			DnsProbe.Query query = DnsProbe.Query.of(URI.create(check.target()));
			DnsProbe.Answer answer = this.dns.ask(query, deadline);
			Instant now = this.clock.instant();
			if (probe != null && probe.hasConditions()) {
				byte[] body = String.join("\n", answer.answers()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
				Observation observation = new Observation(0, answer.latencyMillis(), body, null, Map.of(), null, true,
						answer.rcode());
				return Optional.of(this.conditions.evaluate(probe.conditions(), observation, now));
			}
			String asked = query.type() + " " + query.name();
			boolean ok = answer.rcode().equals("NOERROR") && !answer.answers().isEmpty();
			String found = !answer.rcode().equals("NOERROR") ? answer.rcode() : answer.answers().isEmpty()
					? "no " + query.type() + " records" : String.join(", ", answer.answers());
			String message = asked + ": " + found;
			if (message.length() > 1024) {
				message = message.substring(0, 1023) + "…";
			}
			CheckStatus status = ok ? CheckStatus.OK : CheckStatus.CRITICAL;
			return Optional
				.of(new PollResult(status, status.label(), message, null, now, answer.latencyMillis(), false));
		}
		catch (ForbiddenTargetException ex) {
			logger.debug("Check '" + check.id() + "' at " + target + " refused: " + ex.getMessage());
			String message = this.showReasons ? "Refused to check " + target + ": " + ex.getMessage()
					: "Unable to communicate with " + target + "!";
			return Optional.of(critical(message, started, false));
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof SocketProbes.DeadlineException || System.nanoTime() - deadline >= 0) {
				if (shortBudget) {
					return Optional.empty();
				}
				return Optional
					.of(unable(check, "no answer within " + this.poll.timeout().toSeconds() + "s", started, true));
			}
			return Optional.of(unable(check, reason(ex), started, false));
		}
	}

	private PollResult unable(CheckDefinition check, String reason, long started, boolean timedOut) {
		String target = Redaction.url(check.target());
		if (logger.isDebugEnabled()) {
			logger.debug("Check '" + check.id() + "' at " + target + " failed: " + reason);
		}
		return critical("Unable to communicate with " + target + "!" + (this.showReasons ? " (" + reason + ")" : ""),
				started, timedOut);
	}

	private PollResult critical(String message, long started, boolean timedOut) {
		return new PollResult(CheckStatus.CRITICAL, CheckStatus.CRITICAL.label(), message, null, this.clock.instant(),
				elapsed(started), timedOut);
	}

	private static long elapsed(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	private static String reason(Throwable ex) {
		if (ex instanceof ConnectException || ex instanceof NoRouteToHostException) {
			return "connection refused";
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host " + ex.getMessage();
		}
		String message = ex.getMessage();
		if (message == null) {
			return ex.getClass().getSimpleName();
		}
		return (message.length() > 200) ? message.substring(0, 199) + "…" : message;
	}

}
