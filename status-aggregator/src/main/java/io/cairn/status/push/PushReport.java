package io.cairn.status.push;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

/**
 * What the database holds for a pushed check.
 *
 * @param checkId the check
 * @param since when its token was issued (the first TTL runs from then)
 * @param reportedAt when it last reported, or null before its first report
 * @param status the state it reported, or null before its first report
 * @param message the message it reported, or null
 */
public record PushReport(String checkId, Instant since, @Nullable Instant reportedAt, @Nullable CheckStatus status,
		@Nullable String message) {

}
