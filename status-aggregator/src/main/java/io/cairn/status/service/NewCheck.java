package io.cairn.status.service;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A check as a client or a source describes it, before validation.
 *
 * @param id the id
 * @param url the URL to poll (for {@code --global}, the override message)
 * @param jsonPath where the status is in the document, or null
 * @param statusOverride a forced status, or null
 * @param tags tags, or null for none
 * @param interval the poll interval, or null for the default
 */
public record NewCheck(@Nullable String id, @Nullable String url, @Nullable String jsonPath,
		@Nullable String statusOverride, @Nullable List<String> tags, @Nullable Duration interval) {

	/**
	 * A plain Megaphone check.
	 * @param id the id
	 * @param url the URL
	 * @return the check
	 */
	public static NewCheck of(@Nullable String id, @Nullable String url) {
		return new NewCheck(id, url, null, null, null, null);
	}

}
