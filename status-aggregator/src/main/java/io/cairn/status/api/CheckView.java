package io.cairn.status.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;

/**
 * A check in the {@code /checks} API.
 *
 * @param id its id
 * @param kind http, command, external or global
 * @param url its URL (or command line, or source object)
 * @param jsonpath where its status is read, if not the top-level field
 * @param statusoverride a forced status
 * @param source api, config, registry, consul or megaphone
 * @param tags its tags
 * @param intervalSeconds its poll interval
 * @param status what it counts as in the aggregate now (stale checks are at least
 * Unknown)
 * @param reportedStatus its last reported status, after thresholds
 * @param label the status as the check spelt it
 * @param message its message
 * @param counted false while muted or in maintenance
 * @param stale whether no result arrived within its stale window
 * @param mutedUntil muted until then
 * @param maintenanceUntil in maintenance until then
 * @param note why it is muted or in maintenance
 * @param lastPolled when its last poll finished
 * @param latencyMillis how long its last poll took
 * @param lastChanged when its reported status last changed
 * @param lastResult the last poll's status (thresholds may hold it back)
 * @param document its last JSON document (single-check answers only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckView(String id, String kind, String url, @Nullable String jsonpath, @Nullable String statusoverride,
		String source, List<String> tags, long intervalSeconds, String status, String reportedStatus, String label,
		String message, boolean counted, boolean stale, @Nullable Instant mutedUntil,
		@Nullable Instant maintenanceUntil, @Nullable String note, @Nullable Instant lastPolled,
		@Nullable Long latencyMillis, @Nullable Instant lastChanged, @Nullable String lastResult,
		@Nullable JsonNode document) {

	static CheckView of(TrackedCheck check, Contribution contribution, java.time.Duration defaultInterval,
			@Nullable JsonNode document) {
		CheckDefinition d = check.definition();
		CheckState s = check.state();
		return new CheckView(d.id(), lower(d.kind()), MegaphoneController.target(d), d.jsonPath(),
				(d.statusOverride() != null) ? d.statusOverride().label() : null, d.source().id(), d.tags(),
				d.intervalOr(defaultInterval).toSeconds(), contribution.status().label(), s.status().label(),
				contribution.label(), contribution.message(), contribution.counted(), contribution.stale(),
				d.mutedUntil(), d.maintenanceUntil(), d.note(), s.polledAt(), s.latencyMillis(), s.changedAt(),
				label(s.lastResult()), document);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(java.util.Locale.ROOT);
	}

	private static @Nullable String label(@Nullable CheckStatus status) {
		return (status != null) ? status.label() : null;
	}

}
