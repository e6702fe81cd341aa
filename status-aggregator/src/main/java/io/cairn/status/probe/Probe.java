package io.cairn.status.probe;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.FlapSpec;
import io.cairn.status.format.HealthFormat;

/**
 * How a network check is read beyond Megaphone's document: stored with the check
 * ({@code status_check.probe}) and validated by {@link ProbeRequests}.
 *
 * @param format how an HTTP answer is read, or null for {@link HealthFormat#AUTO}
 * @param okStatuses the HTTP status codes a {@link HealthFormat#PLAIN} check counts as
 * OK; empty for any 2xx
 * @param conditions conditions on the answer; when there are any, the check's state is
 * the worst severity of those that failed (OK when none did) and the format is not used
 * @param request what an HTTP check sends (method, headers, body, auth), or null for a
 * plain GET
 * @param push how a pushed check expires, or null for a polled check
 * @param flapping the check's own flap detection settings, or null for
 * {@code cairn.status.flapping.*}
 */
public record Probe(@Nullable HealthFormat format, List<Integer> okStatuses, List<Condition> conditions,
		@Nullable HttpRequestSpec request, @Nullable PushSpec push, @Nullable FlapSpec flapping) {

	public Probe {
		okStatuses = List.copyOf(okStatuses);
		conditions = List.copyOf(conditions);
	}

	/**
	 * Settings without flap detection settings of their own.
	 * @param format the format or null
	 * @param okStatuses the OK status codes
	 * @param conditions the conditions
	 * @param request the request shape or null
	 * @param push the push settings or null
	 */
	public Probe(@Nullable HealthFormat format, List<Integer> okStatuses, List<Condition> conditions,
			@Nullable HttpRequestSpec request, @Nullable PushSpec push) {
		this(format, okStatuses, conditions, request, push, null);
	}

	/**
	 * Settings that read an answer, without a request shape or push settings.
	 * @param format the format or null
	 * @param okStatuses the OK status codes
	 * @param conditions the conditions
	 */
	public Probe(@Nullable HealthFormat format, List<Integer> okStatuses, List<Condition> conditions) {
		this(format, okStatuses, conditions, null, null, null);
	}

	/**
	 * Whether the answer's state comes from conditions.
	 * @return true when there is at least one condition
	 */
	public boolean hasConditions() {
		return !this.conditions.isEmpty();
	}

	/**
	 * The format to read answers with.
	 * @return the format, {@link HealthFormat#AUTO} when none is set
	 */
	public HealthFormat formatOrAuto() {
		return (this.format != null) ? this.format : HealthFormat.AUTO;
	}

}
