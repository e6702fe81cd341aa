package io.cairn.status.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.service.CheckService;

/**
 * Consul as a source: one check per service, {@code consul-<service>}, whose state is the
 * worst of the service's health checks (passing → OK, warning → Warning, critical →
 * Critical; maintenance and anything else → Unknown). Consul has already polled; its
 * states are recorded as results, and the stale rule applies with the source's interval.
 */
public class ConsulDiscovery implements CheckSourceAdapter {

	private final StatusProperties.Consul properties;

	private final ConsulHealthSource consul;

	private final Clock clock;

	/**
	 * Create the source.
	 * @param properties the source's settings
	 * @param consul Consul's health answers
	 * @param clock stamps results
	 */
	public ConsulDiscovery(StatusProperties.Consul properties, ConsulHealthSource consul, Clock clock) {
		this.properties = properties;
		this.consul = consul;
		this.clock = clock;
	}

	@Override
	public CheckSource source() {
		return CheckSource.CONSUL;
	}

	@Override
	public Duration interval() {
		return this.properties.interval();
	}

	@Override
	public Discovered discover() throws Exception {
		long started = System.nanoTime();
		List<CheckDefinition> checks = new ArrayList<>();
		Map<String, PollResult> results = new LinkedHashMap<>();
		for (ConsulHealthSource.ServiceHealth service : this.consul.services()) {
			String id = CheckService.safeId("consul-" + service.service());
			if (id == null || id.length() < ("consul-" + service.service()).length()) {
				// cut: two long names would share an id
				continue;
			}
			List<String> tags = new ArrayList<>(this.properties.tags());
			String tag = service.service().replaceAll("[^A-Za-z0-9._:=@+-]", "_");
			if (!tag.isEmpty() && tag.length() <= 64 && !tags.contains(tag)) {
				tags.add(tag);
			}
			checks.add(new CheckDefinition(id, CheckKind.EXTERNAL, "consul:" + service.service(), null, null,
					CheckSource.CONSUL, tags, this.properties.interval(), null, null, null, null, 0,
					this.clock.instant()));
			results.put(id, worst(service, started));
		}
		return new Discovered(checks, results);
	}

	private record Problem(CheckStatus status, String text) {

	}

	private PollResult worst(ConsulHealthSource.ServiceHealth service, long started) {
		CheckStatus worst = CheckStatus.OK;
		List<Problem> problems = new ArrayList<>();
		for (ConsulHealthSource.HealthCheck check : service.checks()) {
			CheckStatus status = switch (check.status().toLowerCase(Locale.ROOT)) {
				case "passing" -> CheckStatus.OK;
				case "warning" -> CheckStatus.WARNING;
				case "critical" -> CheckStatus.CRITICAL;
				default -> CheckStatus.UNKNOWN;
			};
			worst = CheckStatus.worst(worst, status);
			if (status != CheckStatus.OK) {
				String output = check.output().strip();
				problems.add(new Problem(status,
						check.name() + " " + check.status() + (output.isEmpty() ? "" : ": " + output)));
			}
		}
		// Worst first, then by name: the message does not change with Consul's answer
		// order.
		problems.sort(Comparator.comparing(Problem::status, Comparator.reverseOrder()).thenComparing(Problem::text));
		List<String> texts = problems.stream().map(Problem::text).toList();
		String message = service.checks().isEmpty() ? "No health checks registered in Consul" : problems.isEmpty()
				? "All " + service.checks().size() + " Consul checks passing" : String.join("; ", texts);
		if (service.checks().isEmpty()) {
			worst = CheckStatus.UNKNOWN;
		}
		return PollResult.of(worst, message.length() > 1024 ? message.substring(0, 1023) + "…" : message, null,
				this.clock.instant(), java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

}
