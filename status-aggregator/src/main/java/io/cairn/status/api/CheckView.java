package io.cairn.status.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.FlapState;
import io.cairn.status.aggregate.OpenWindow;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.probe.Condition;
import io.cairn.status.probe.HttpAuth;
import io.cairn.status.probe.HttpRequestSpec;
import io.cairn.status.probe.Probe;
import io.cairn.status.probe.PushSpec;

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
 * @param format the health format an HTTP check reads its answer in, when one is set
 * @param okStatus the HTTP status codes a plain check counts as OK, when set
 * @param conditions its conditions; in single-check answers with each one's last result
 * @param request what an HTTP check sends beyond a plain GET: its method, its header
 * names (values may be keys) and its auth scheme with the secret's name, never a value
 * @param push a pushed check's TTL and expiry state
 * @param pushToken a pushed check's report token: only in the answer that created the
 * check (it is stored hashed and cannot be shown again)
 * @param flapping whether the check is flapping (Nagios-style flap detection; alerts
 * about it wait until it stops)
 * @param percentStateChange its weighted percent state change over its latest results,
 * once it has two
 * @param maintenance the maintenance it is in now (its own, or a scheduled window for it
 * or its group), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckView(String id, String kind, String url, @Nullable String jsonpath, @Nullable String statusoverride,
		String source, List<String> tags, long intervalSeconds, String status, String reportedStatus, String label,
		String message, boolean counted, boolean stale, @Nullable Instant mutedUntil,
		@Nullable Instant maintenanceUntil, @Nullable String note, @Nullable Instant lastPolled,
		@Nullable Long latencyMillis, @Nullable Instant lastChanged, @Nullable String lastResult,
		@Nullable JsonNode document, @Nullable String format, @Nullable List<Integer> okStatus,
		@Nullable List<ConditionView> conditions, @Nullable RequestView request, @Nullable PushView push,
		@Nullable String pushToken, boolean flapping, @Nullable Double percentStateChange,
		@Nullable MaintenanceView maintenance) {

	static CheckView of(TrackedCheck check, Contribution contribution, FlapState flap, @Nullable OpenWindow window,
			Instant now, java.time.Duration defaultInterval, @Nullable JsonNode document) {
		CheckDefinition d = check.definition();
		CheckState s = check.state();
		return new CheckView(d.id(), lower(d.kind()), MegaphoneController.target(d), d.jsonPath(),
				(d.statusOverride() != null) ? d.statusOverride().label() : null, d.source().id(), d.tags(),
				d.intervalOr(defaultInterval).toSeconds(), contribution.status().label(), s.status().label(),
				contribution.label(), contribution.message(), contribution.counted(), contribution.stale(),
				d.mutedUntil(), d.maintenanceUntil(), d.note(), s.polledAt(), s.latencyMillis(), s.changedAt(),
				label(s.lastResult()), document, format(d.probe()),
				(d.probe() != null && !d.probe().okStatuses().isEmpty()) ? d.probe().okStatuses() : null,
				conditions(d.probe()), RequestView.of(d.probe()), PushView.of(d.probe()), null, flap.flapping(),
				(flap.results() >= 2) ? Math.round(flap.percentStateChange() * 10) / 10.0 : null,
				MaintenanceView.of(d, window, now));
	}

	/**
	 * This view with a pushed check's new report token (the creating answer only).
	 * @param token the token
	 * @return the view with the token
	 */
	CheckView withPushToken(String token) {
		return new CheckView(this.id, this.kind, this.url, this.jsonpath, this.statusoverride, this.source, this.tags,
				this.intervalSeconds, this.status, this.reportedStatus, this.label, this.message, this.counted,
				this.stale, this.mutedUntil, this.maintenanceUntil, this.note, this.lastPolled, this.latencyMillis,
				this.lastChanged, this.lastResult, this.document, this.format, this.okStatus, this.conditions,
				this.request, this.push, token, this.flapping, this.percentStateChange, this.maintenance);
	}

	private static @Nullable String format(@Nullable Probe probe) {
		return (probe != null && probe.format() != null) ? lower(probe.format()) : null;
	}

	private static @Nullable List<ConditionView> conditions(@Nullable Probe probe) {
		if (probe == null || !probe.hasConditions()) {
			return null;
		}
		return probe.conditions()
			.stream()
			.map((condition) -> new ConditionView(condition.expression(), condition.severity().label(), null, null))
			.toList();
	}

	/**
	 * This view with each condition's last result, read from the check's last result
	 * document. Values read from a body or a header are shown only when documents are.
	 * @param check the check
	 * @param mapper reads the document
	 * @param showContent whether values read from a body or header may be shown
	 * @return the view with results
	 */
	CheckView withConditionResults(TrackedCheck check, JsonMapper mapper, boolean showContent) {
		Probe probe = check.definition().probe();
		String stored = check.state().document();
		if (this.conditions == null || probe == null || stored == null) {
			return this;
		}
		JsonNode results;
		try {
			results = mapper.readTree(stored).path("conditions");
		}
		catch (JacksonException ex) {
			return this;
		}
		List<ConditionView> views = new ArrayList<>();
		for (int i = 0; i < probe.conditions().size(); i++) {
			Condition condition = probe.conditions().get(i);
			JsonNode result = results.path(i);
			boolean same = result.path("if").isString()
					&& result.get("if").stringValue().equals(condition.expression());
			Boolean met = same ? result.path("met").asBoolean() : null;
			String actual = (same && (showContent || !condition.parsed().revealsContent()))
					? result.path("actual").asString() : null;
			views.add(new ConditionView(condition.expression(), condition.severity().label(), met, actual));
		}
		return new CheckView(this.id, this.kind, this.url, this.jsonpath, this.statusoverride, this.source, this.tags,
				this.intervalSeconds, this.status, this.reportedStatus, this.label, this.message, this.counted,
				this.stale, this.mutedUntil, this.maintenanceUntil, this.note, this.lastPolled, this.latencyMillis,
				this.lastChanged, this.lastResult, this.document, this.format, this.okStatus, views, this.request,
				this.push, this.pushToken, this.flapping, this.percentStateChange, this.maintenance);
	}

	/**
	 * A condition and its last result.
	 *
	 * @param condition the expression
	 * @param severity the check's state when it fails
	 * @param met whether it held at the last poll (single-check answers only)
	 * @param actual the value the last poll saw (single-check answers only; values read
	 * from a body or header only with {@code cairn.status.api.show-documents})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ConditionView(String condition, String severity, @Nullable Boolean met, @Nullable String actual) {

	}

	/**
	 * What an HTTP check sends, without values that may be secret.
	 *
	 * @param method the method
	 * @param headers the names of the headers it sets
	 * @param bodyBytes the size of its body, if it has one
	 * @param auth basic or bearer, if it authenticates
	 * @param username the basic user name
	 * @param secret the name of the secret it uses ({@code cairn.status.secrets.<name>})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record RequestView(String method, List<String> headers, @Nullable Integer bodyBytes, @Nullable String auth,
			@Nullable String username, @Nullable String secret) {

		static @Nullable RequestView of(@Nullable Probe probe) {
			HttpRequestSpec spec = (probe != null) ? probe.request() : null;
			if (spec == null) {
				return null;
			}
			HttpAuth auth = spec.auth();
			String body = spec.body();
			return new RequestView(spec.method(), List.copyOf(spec.headers().keySet()),
					(body != null) ? body.getBytes(StandardCharsets.UTF_8).length : null,
					(auth != null) ? lower(auth.scheme()) : null, (auth != null) ? auth.username() : null,
					(auth != null) ? auth.secret() : null);
		}

	}

	/**
	 * A pushed check's settings.
	 *
	 * @param ttlSeconds how long a report holds
	 * @param onExpiry the state after the TTL passed without a report
	 */
	public record PushView(long ttlSeconds, String onExpiry) {

		static @Nullable PushView of(@Nullable Probe probe) {
			PushSpec push = (probe != null) ? probe.push() : null;
			return (push != null) ? new PushView(push.ttlSeconds(), push.onExpiry().label()) : null;
		}

	}

	/**
	 * The maintenance a check is in now.
	 *
	 * @param until when it ends
	 * @param window the scheduled window's id, or null for the check's own maintenance
	 * @param reason the window's reason or the check's note
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record MaintenanceView(Instant until, @Nullable String window, @Nullable String reason) {

		static @Nullable MaintenanceView of(CheckDefinition definition, @Nullable OpenWindow window, Instant now) {
			Instant own = definition.inMaintenanceAt(now) ? definition.maintenanceUntil() : null;
			if (window != null && (own == null || !own.isAfter(window.until()))) {
				return new MaintenanceView(window.until(), window.window(), window.reason());
			}
			return (own != null) ? new MaintenanceView(own, null, definition.note()) : null;
		}

	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(java.util.Locale.ROOT);
	}

	private static @Nullable String label(@Nullable CheckStatus status) {
		return (status != null) ? status.label() : null;
	}

}
