package io.cairn.status.check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.probe.Probe;

/**
 * What a check is: its target and how it is polled.
 *
 * @param id the check's id (Megaphone's {@code id})
 * @param kind how the status is obtained
 * @param target the URL (HTTP), the command line as a JSON array (COMMAND), a description
 * of the source object (EXTERNAL) or the override message (GLOBAL)
 * @param jsonPath where the status sits in the document (Megaphone's {@code jsonpath},
 * {@code a/b/status} or a JSON Pointer {@code /a/b/status}); null for the top-level
 * {@code status} field
 * @param statusOverride Megaphone's {@code statusoverride}: the status to report whatever
 * the check says
 * @param source where the check came from
 * @param tags free-form tags for filtering
 * @param interval the poll interval, or null for {@code cairn.status.poll.interval}
 * @param owner for COMMAND checks, the replica whose configuration defines it
 * @param mutedUntil while in the future, the check is polled but left out of the
 * aggregate
 * @param maintenanceUntil while in the future, the check is neither polled nor counted
 * @param note why it is muted or in maintenance
 * @param position the order in which checks were first added (Megaphone's message order)
 * @param createdAt when the check was first added
 * @param probe how a network check is read beyond Megaphone's document (a health format,
 * conditions, TCP/TLS settings), or null for a Megaphone check exactly as before
 */
public record CheckDefinition(String id, CheckKind kind, String target, @Nullable String jsonPath,
		@Nullable CheckStatus statusOverride, CheckSource source, List<String> tags, @Nullable Duration interval,
		@Nullable String owner, @Nullable Instant mutedUntil, @Nullable Instant maintenanceUntil, @Nullable String note,
		long position, Instant createdAt, @Nullable Probe probe) {

	/** The id of Megaphone's global override check. */
	public static final String GLOBAL_ID = "--global";

	public CheckDefinition {
		tags = List.copyOf(tags);
	}

	/**
	 * A check without probe settings (Megaphone's checks, commands, discovery).
	 * @param id the id
	 * @param kind the kind
	 * @param target the target
	 * @param jsonPath the JSON path or null
	 * @param statusOverride the override or null
	 * @param source the source
	 * @param tags the tags
	 * @param interval the interval or null
	 * @param owner the owning replica or null
	 * @param mutedUntil muted until, or null
	 * @param maintenanceUntil in maintenance until, or null
	 * @param note the note or null
	 * @param position the position
	 * @param createdAt when created
	 */
	public CheckDefinition(String id, CheckKind kind, String target, @Nullable String jsonPath,
			@Nullable CheckStatus statusOverride, CheckSource source, List<String> tags, @Nullable Duration interval,
			@Nullable String owner, @Nullable Instant mutedUntil, @Nullable Instant maintenanceUntil,
			@Nullable String note, long position, Instant createdAt) {
		this(id, kind, target, jsonPath, statusOverride, source, tags, interval, owner, mutedUntil, maintenanceUntil,
				note, position, createdAt, null);
	}

	/**
	 * Whether the check is muted at an instant.
	 * @param now the instant
	 * @return true while muted
	 */
	public boolean mutedAt(Instant now) {
		return this.mutedUntil != null && this.mutedUntil.isAfter(now);
	}

	/**
	 * Whether the check is in maintenance at an instant.
	 * @param now the instant
	 * @return true while in maintenance
	 */
	public boolean inMaintenanceAt(Instant now) {
		return this.maintenanceUntil != null && this.maintenanceUntil.isAfter(now);
	}

	/**
	 * Whether a background poller fetches this check.
	 * @return true for HTTP, TCP, TLS, DNS, COMMAND and PUSH checks (a pushed check's
	 * "poll" reads its latest stored report)
	 */
	public boolean polled() {
		return this.kind == CheckKind.HTTP || this.kind == CheckKind.COMMAND || this.kind == CheckKind.TCP
				|| this.kind == CheckKind.TLS || this.kind == CheckKind.DNS || this.kind == CheckKind.PUSH;
	}

	/**
	 * The interval to use.
	 * @param defaultInterval the configured default
	 * @return this check's interval, or the default
	 */
	public Duration intervalOr(Duration defaultInterval) {
		return (this.interval != null) ? this.interval : defaultInterval;
	}

}
