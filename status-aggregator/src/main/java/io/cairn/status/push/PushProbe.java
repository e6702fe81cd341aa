package io.cairn.status.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.poll.CheckProbes;
import io.cairn.status.probe.Probe;
import io.cairn.status.probe.PushSpec;

import org.springframework.dao.DataAccessException;

/**
 * "Polls" a pushed check: reads its latest report from the database and applies its TTL.
 * Polling it like any other check means the replica that holds it (whichever that is)
 * turns it to its expiry state, with the usual thresholds, history and alerts.
 */
public class PushProbe implements CheckProbes {

	private static final Log logger = LogFactory.getLog(PushProbe.class);

	private final PushReports reports;

	private final Clock clock;

	/**
	 * Create the probe.
	 * @param reports the stored reports
	 * @param clock tells when a TTL has passed
	 */
	public PushProbe(PushReports reports, Clock clock) {
		this.reports = reports;
		this.clock = clock;
	}

	@Override
	public boolean handles(CheckDefinition definition) {
		return definition.kind() == CheckKind.PUSH;
	}

	@Override
	public Optional<PollResult> poll(CheckDefinition definition, Duration budget, boolean full) {
		Instant now = this.clock.instant();
		Probe probe = definition.probe();
		PushSpec push = (probe != null) ? probe.push() : null;
		if (push == null) {
			return Optional.of(PollResult.of(CheckStatus.UNKNOWN, "This pushed check has no TTL.", null, now, 0));
		}
		Duration ttl = Duration.ofSeconds(push.ttlSeconds());
		Optional<PushReport> stored;
		try {
			stored = this.reports.latest(definition.id());
		}
		catch (DataAccessException ex) {
			logger.debug("Reports of '" + definition.id() + "' cannot be read", ex);
			return Optional.of(PollResult.of(CheckStatus.UNKNOWN, "Its reports cannot be read now.", null, now, 0));
		}
		if (stored.isEmpty()) {
			return Optional.of(PollResult.of(push.onExpiry(), "No report token has been issued.", null, now, 0));
		}
		PushReport report = stored.get();
		Instant reportedAt = report.reportedAt();
		CheckStatus status = report.status();
		if (reportedAt == null || status == null) {
			if (now.isBefore(report.since().plus(ttl))) {
				return Optional.of(PollResult.of(CheckStatus.UNKNOWN,
						"Waiting for the first report (due within " + seconds(ttl) + ").", null, now, 0));
			}
			return Optional.of(PollResult.of(push.onExpiry(),
					"No report within " + seconds(ttl) + " of the check's creation.", null, now, 0));
		}
		if (!now.isBefore(reportedAt.plus(ttl))) {
			return Optional.of(PollResult.of(push.onExpiry(),
					"No report within " + seconds(ttl) + " (last at " + reportedAt + ").", null, now, 0));
		}
		String message = report.message();
		return Optional.of(PollResult.of(status, (message != null) ? message : "", null, now, 0));
	}

	private static String seconds(Duration ttl) {
		return ttl.toSeconds() + "s";
	}

}
