package io.cairn.status.alert;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * At most {@code perMinute} messages to one provider in each minute (fixed windows). What
 * a full window holds back is counted, and summed up in one message once a new window
 * starts, so a storm of alerts (a network split turning every check Critical) reaches a
 * chat as a handful of messages and a count.
 */
final class RateLimit {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final int perMinute;

	private @Nullable Instant windowStart;

	private int used;

	private int withheld;

	private @Nullable Instant withheldSince;

	RateLimit(int perMinute) {
		this.perMinute = perMinute;
	}

	/**
	 * Take one message's place in the current window.
	 * @param now the current time
	 * @return true when it may be sent, false when it is withheld (and counted)
	 */
	synchronized boolean tryTake(Instant now) {
		roll(now);
		if (this.used < this.perMinute) {
			this.used++;
			return true;
		}
		if (this.withheld == 0) {
			this.withheldSince = now;
		}
		this.withheld++;
		return false;
	}

	/**
	 * The summary of what was withheld, once a later window has started: it takes the
	 * first place in that window.
	 * @param now the current time
	 * @return the summary, or null when nothing was withheld or the window is not over
	 */
	synchronized @Nullable Alert summaryDue(Instant now) {
		Instant since = this.withheldSince;
		if (this.withheld == 0 || since == null) {
			return null;
		}
		roll(now);
		if (this.used > 0) {
			return null;
		}
		this.used++;
		Alert summary = Alert.summary(this.withheld, since, now);
		this.withheld = 0;
		this.withheldSince = null;
		return summary;
	}

	private void roll(Instant now) {
		Instant start = this.windowStart;
		if (start == null || !now.isBefore(start.plus(WINDOW)) || now.isBefore(start)) {
			this.windowStart = now;
			this.used = 0;
		}
	}

}
