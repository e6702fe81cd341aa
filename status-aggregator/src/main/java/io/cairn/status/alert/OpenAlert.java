package io.cairn.status.alert;

import java.time.Instant;
import java.util.List;

import io.cairn.status.check.CheckStatus;

/**
 * An alert that is open: a check failed and has not recovered.
 *
 * @param checkId the check
 * @param status the failing status last sent
 * @param openedAt when the alert opened
 * @param lastSentAt when it was last sent (opened, changed or reminded)
 * @param providers the providers it was sent to, which are sent its resolve
 */
public record OpenAlert(String checkId, CheckStatus status, Instant openedAt, Instant lastSentAt,
		List<String> providers) {

	public OpenAlert {
		providers = List.copyOf(providers);
	}

}
