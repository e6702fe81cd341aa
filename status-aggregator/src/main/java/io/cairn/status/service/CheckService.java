package io.cairn.status.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.CheckChange;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.StatusDocuments;
import io.cairn.status.probe.ProbeTargets;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.NoSuchCheckException;
import io.cairn.status.store.TooManyChecksException;

/**
 * Adds, changes and removes checks for the API, discovery and imports: validates, writes
 * to the database, updates this replica's view and wakes the poller so that a new check
 * is polled at once.
 */
public class CheckService {

	/**
	 * Ids: printable, no whitespace, no control, format (zero-width, bidi), private-use
	 * or unassigned characters, no unpaired surrogates, and none of {@code / ? # % ; \}
	 * (they live in URL paths, where {@code ;} starts path parameters and {@code \} is a
	 * separator to some clients); {@code .} and {@code ..} are refused as well (a path
	 * segment of their own is normalised away).
	 */
	private static final Pattern ID = Pattern.compile("[^\\s\\p{Z}\\p{C}/?#%;\\\\]{1,200}");

	private static final Pattern ID_FORBIDDEN = Pattern.compile("[\\s\\p{Z}\\p{C}/?#%;\\\\]");

	private static final int MAX_ID = 200;

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:=@+-]{1,64}");

	private static final int MAX_TAGS = 20;

	private static final int MAX_URL = 2048;

	private static final int MAX_JSON_PATH = 256;

	private static final int MAX_JSON_PATH_SEGMENTS = 32;

	private static final int MAX_NOTE = 500;

	/** The most characters of a client's value repeated in an error message. */
	private static final int MAX_ECHO = 64;

	private final CheckStore store;

	private final LiveChecks live;

	private final PollScheduler scheduler;

	private final TargetPolicy policy;

	private final StatusProperties properties;

	private final Clock clock;

	/**
	 * Create the service.
	 * @param store the database
	 * @param live the in-memory view
	 * @param scheduler the poller
	 * @param policy the target policy
	 * @param properties settings
	 * @param clock the clock
	 */
	public CheckService(CheckStore store, LiveChecks live, PollScheduler scheduler, TargetPolicy policy,
			StatusProperties properties, Clock clock) {
		this.store = store;
		this.live = live;
		this.scheduler = scheduler;
		this.policy = policy;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Add a check, or replace the one with the same id (Megaphone overwrote silently).
	 * @param request the check
	 * @param source where it comes from
	 * @return the check as stored and whether it is new
	 * @throws InvalidCheckException when the request breaks a rule
	 * @throws CheckConflictException when the id belongs to a configured command check
	 */
	public CheckStore.Saved register(NewCheck request, CheckSource source) {
		CheckDefinition definition = validate(request, source);
		TrackedCheck existing = this.live.get(definition.id());
		if (existing != null && existing.definition().source() == CheckSource.CONFIG) {
			throw new CheckConflictException("'" + definition.id()
					+ "' is a command check from configuration; change it in cairn.status.commands");
		}
		return save(definition);
	}

	/**
	 * Store a validated definition and start polling it. A new check is refused when
	 * there are {@code cairn.status.limits.max-checks} checks already (command checks
	 * from configuration are the operator's and always stored).
	 * @param definition the definition
	 * @return what the store did
	 * @throws TooManyChecksException when the definition is a new check and the cap is
	 * reached
	 */
	public CheckStore.Saved save(CheckDefinition definition) {
		int cap = (definition.source() == CheckSource.CONFIG) ? Integer.MAX_VALUE
				: this.properties.limits().maxChecks();
		CheckStore.Saved saved = this.store.save(definition, this.clock.instant(), cap);
		this.live.apply(new CheckChange.Stored(saved.check()));
		if (definition.polled()) {
			this.scheduler.wake();
		}
		return saved;
	}

	/**
	 * Make sure a batch of checks fits under {@code cairn.status.limits.max-checks}
	 * before any of it is written (each write checks the cap again).
	 * @param ids the ids of the batch
	 * @throws TooManyChecksException when the new ones would not fit
	 */
	public void ensureRoomFor(Collection<String> ids) {
		int limit = this.properties.limits().maxChecks();
		long fresh = ids.stream().distinct().filter((id) -> this.live.get(id) == null).count();
		if (fresh > 0 && this.live.size() + fresh > limit) {
			throw new TooManyChecksException(limit);
		}
	}

	/**
	 * Validate a check.
	 * @param request the check
	 * @param source where it comes from
	 * @return the definition
	 */
	public CheckDefinition validate(NewCheck request, CheckSource source) {
		String id = id(request.id());
		if (request.url() == null || request.url().isBlank()) {
			throw new InvalidCheckException("url", "'url' is required.");
		}
		String url = request.url().trim();
		if (url.length() > MAX_URL) {
			throw new InvalidCheckException("url", "'url' is longer than " + MAX_URL + " characters.");
		}
		List<String> tags = tags(request.tags());
		Instant now = this.clock.instant();
		if (id.equals(CheckDefinition.GLOBAL_ID)) {
			// Megaphone's override: the "url" is the message shown while it exists.
			return new CheckDefinition(id, CheckKind.GLOBAL, url, null, null, source, tags, null, null, null, null,
					null, 0, now);
		}
		CheckKind kind = ProbeTargets.kind(url);
		try {
			if (kind != CheckKind.PUSH) {
				url = (kind == CheckKind.HTTP) ? this.policy.checkUrl(url).toString()
						: ProbeTargets.check(this.policy, url).toString();
			}
		}
		catch (ForbiddenTargetException ex) {
			throw new InvalidCheckException("url", "The URL is refused: " + ex.getMessage() + ".");
		}
		ProbeTargets.validate(kind, request.probe(), request.jsonPath(), url.regionMatches(true, 0, "https:", 0, 6));
		String jsonPath = (request.jsonPath() != null) ? jsonPath(request.jsonPath()) : null;
		CheckStatus override = null;
		String statusOverride = request.statusOverride();
		if (statusOverride != null && !statusOverride.isBlank()) {
			Optional<CheckStatus> parsed = CheckStatus.parse(statusOverride);
			if (parsed.isEmpty()) {
				throw new InvalidCheckException("statusoverride",
						"'statusoverride' must be OK, Unknown, Warning or Critical, not '" + echo(statusOverride)
								+ "'.");
			}
			override = parsed.get();
		}
		Duration interval = request.interval();
		if (interval != null) {
			interval(interval);
		}
		return new CheckDefinition(id, kind, url, jsonPath, override, source, tags, interval, null, null, null, null, 0,
				now, ProbeTargets.withDefaults(kind, request.probe()));
	}

	/**
	 * Check a poll interval against {@code poll.min-interval} and
	 * {@code poll.max-interval}.
	 * @param interval the interval
	 * @throws InvalidCheckException naming {@code interval} and its bounds
	 */
	private void interval(Duration interval) {
		Duration min = this.properties.poll().minInterval();
		Duration max = this.properties.poll().maxInterval();
		if (interval.compareTo(min) < 0 || interval.compareTo(max) > 0) {
			throw new InvalidCheckException("interval",
					"'interval' must lie between " + min.toMillis() + " ms (cairn.status.poll.min-interval) and "
							+ max.toMillis() + " ms (cairn.status.poll.max-interval).");
		}
	}

	private static String jsonPath(String path) {
		String trimmed = path.trim();
		if (trimmed.length() > MAX_JSON_PATH) {
			throw new InvalidCheckException("jsonpath", "'jsonpath' is longer than " + MAX_JSON_PATH + " characters.");
		}
		try {
			String pointer = StatusDocuments.pointer(trimmed);
			if (pointer.chars().filter((c) -> c == '/').count() > MAX_JSON_PATH_SEGMENTS) {
				throw new InvalidCheckException("jsonpath",
						"'jsonpath' has more than " + MAX_JSON_PATH_SEGMENTS + " segments.");
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCheckException("jsonpath", "'jsonpath' is not usable: " + ex.getMessage() + ".");
		}
		return trimmed;
	}

	/**
	 * Validate an id.
	 * @param id the id as given
	 * @return the id
	 */
	public static String id(@Nullable String id) {
		if (id == null || id.isEmpty()) {
			throw new InvalidCheckException("id", "'id' is required.");
		}
		if (!ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
			throw new InvalidCheckException("id", "'id' must be 1 to " + MAX_ID
					+ " printable characters without whitespace, '/', '?', '#', '%', ';' or '\\', and not '.' or '..'.");
		}
		return id;
	}

	/**
	 * Make an id out of names a source gives (service names, hosts): every character an
	 * id may not hold becomes {@code _}, and the id is cut at its longest.
	 * @param raw the name
	 * @return a valid id, or null when nothing usable is left
	 */
	public static @Nullable String safeId(String raw) {
		String safe = ID_FORBIDDEN.matcher(raw).replaceAll("_");
		if (safe.codePointCount(0, safe.length()) > MAX_ID) {
			safe = safe.substring(0, safe.offsetByCodePoints(0, MAX_ID));
		}
		return (safe.isEmpty() || safe.equals(".") || safe.equals("..")) ? null : safe;
	}

	private static List<String> tags(@Nullable List<String> tags) {
		if (tags == null) {
			return List.of();
		}
		if (tags.size() > MAX_TAGS) {
			throw new InvalidCheckException("tags", "At most " + MAX_TAGS + " tags.");
		}
		Set<String> seen = new HashSet<>();
		List<String> result = new ArrayList<>();
		for (String tag : tags) {
			if (tag == null || !TAG.matcher(tag).matches()) {
				throw new InvalidCheckException("tags", "Tags are 1 to 64 characters of letters, digits and "
						+ ". _ : = @ + -, not '" + ((tag != null) ? echo(tag) : "null") + "'.");
			}
			if (seen.add(tag)) {
				result.add(tag);
			}
		}
		return result;
	}

	/**
	 * Validate a tag used as a filter.
	 * @param field the parameter's name
	 * @param tag the tag
	 * @return the tag
	 */
	public static String tagFilter(String field, String tag) {
		if (!TAG.matcher(tag).matches()) {
			throw new InvalidCheckException(field,
					"'" + field + "' must be 1 to 64 characters of letters, digits and . _ : = @ + -.");
		}
		return tag;
	}

	/**
	 * A client's value as repeated in an error message: cut, and without control or
	 * format characters.
	 * @param value the value
	 * @return what may be shown
	 */
	public static String echo(String value) {
		String shown = value.replaceAll("\\p{C}", "?");
		return (shown.length() > MAX_ECHO) ? shown.substring(0, MAX_ECHO) + "…" : shown;
	}

	/**
	 * Delete a check.
	 * @param id the check
	 * @throws NoSuchCheckException when there is none
	 * @throws CheckConflictException for a configured command check
	 */
	public void delete(String id) {
		TrackedCheck existing = this.live.get(id);
		if (existing != null && existing.definition().source() == CheckSource.CONFIG) {
			throw new CheckConflictException(
					"'" + id + "' is a command check from configuration; remove it from cairn.status.commands");
		}
		long version = this.store.delete(id, this.clock.instant());
		if (version == 0) {
			throw new NoSuchCheckException(id);
		}
		this.live.apply(new CheckChange.Deleted(id, version));
	}

	/**
	 * Delete checks without the API's rules (discovery, configuration).
	 * @param ids the checks
	 */
	public void deleteAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		long version = this.store.deleteAll(ids, this.clock.instant());
		if (version != 0) {
			// (With none live in the database, others deleted them: the sync brings those
			// deletions with their versions.)
			ids.forEach((id) -> this.live.apply(new CheckChange.Deleted(id, version)));
		}
	}

	/**
	 * Mute a check, or put it in maintenance, for a while; a null duration lifts it.
	 * @param id the check
	 * @param muteFor how long to mute, or null
	 * @param maintenanceFor how long maintenance lasts, or null
	 * @param note why
	 * @return the check
	 */
	public TrackedCheck silence(String id, @Nullable Duration muteFor, @Nullable Duration maintenanceFor,
			@Nullable String note) {
		Duration max = this.properties.limits().maxSilence();
		for (Duration duration : new Duration[] { muteFor, maintenanceFor }) {
			if (duration != null && (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0)) {
				throw new InvalidCheckException("duration", "'duration' must be positive and at most " + max.toSeconds()
						+ " s (cairn.status.limits.max-silence).");
			}
		}
		if (note != null && note.length() > MAX_NOTE) {
			throw new InvalidCheckException("note", "'note' is longer than " + MAX_NOTE + " characters.");
		}
		Instant now = this.clock.instant();
		TrackedCheck check = this.store
			.silence(id, (muteFor != null) ? now.plus(muteFor) : null,
					(maintenanceFor != null) ? now.plus(maintenanceFor) : null, note)
			.orElseThrow(() -> new NoSuchCheckException(id));
		this.live.apply(new CheckChange.Stored(check));
		if (maintenanceFor == null) {
			this.scheduler.wake();
		}
		return check;
	}

	/**
	 * Poll a check now instead of at its next interval.
	 * @param id the check
	 */
	public void pollNow(String id) {
		TrackedCheck check = this.live.get(id);
		if (check == null) {
			throw new NoSuchCheckException(id);
		}
		if (!check.definition().polled()) {
			throw new CheckConflictException("'" + id + "' is not polled ("
					+ check.definition().kind().name().toLowerCase(Locale.ROOT) + " check).");
		}
		this.scheduler.pollSoon(id);
	}

}
