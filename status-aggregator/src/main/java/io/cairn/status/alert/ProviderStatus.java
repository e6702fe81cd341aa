package io.cairn.status.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How one provider is doing, as {@code GET /alerts/providers} and the console show it.
 *
 * @param name the provider's name
 * @param type its type ({@code webhook}, {@code slack}, {@code teams}, {@code pagerduty},
 * {@code email})
 * @param destination where it sends, safe to show (a URL's origin, the number of mail
 * recipients)
 * @param up false while its last send failed
 * @param sent messages it took
 * @param failed messages that failed after every retry
 * @param dropped messages dropped because the send queue was full
 * @param rateLimited messages its rate limit held back
 * @param lastSentAt when it last took a message
 * @param lastError why its last failed send failed (an HTTP status, an exception's type;
 * never a URL or secret)
 * @param lastErrorAt when that was
 */
public record ProviderStatus(String name, String type, String destination, boolean up, long sent, long failed,
		long dropped, long rateLimited, @Nullable Instant lastSentAt, @Nullable String lastError,
		@Nullable Instant lastErrorAt) {

}
