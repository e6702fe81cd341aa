package io.cairn.status.service;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.probe.Probe;

/**
 * A check as a client or a source describes it, before validation.
 *
 * @param id the id
 * @param url the URL to poll (for {@code --global}, the override message)
 * @param jsonPath where the status is in the document, or null
 * @param statusOverride a forced status, or null
 * @param tags tags, or null for none
 * @param interval the poll interval, or null for the default
 * @param probe a health format and conditions (already read and bounded), or null
 */
public record NewCheck(@Nullable String id, @Nullable String url, @Nullable String jsonPath,
		@Nullable String statusOverride, @Nullable List<String> tags, @Nullable Duration interval,
		@Nullable Probe probe) {

	/**
	 * A check without probe settings.
	 * @param id the id
	 * @param url the URL
	 * @param jsonPath the JSON path or null
	 * @param statusOverride the override or null
	 * @param tags the tags or null
	 * @param interval the interval or null
	 */
	public NewCheck(@Nullable String id, @Nullable String url, @Nullable String jsonPath,
			@Nullable String statusOverride, @Nullable List<String> tags, @Nullable Duration interval) {
		this(id, url, jsonPath, statusOverride, tags, interval, null);
	}

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
