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
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.StatusDocuments;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.NoSuchCheckException;

/**
 * Adds, changes and removes checks for the API, discovery and imports: validates, writes
 * to the database, updates this replica's view and wakes the poller so that a new check
 * is polled at once.
 */
public class CheckService {

	/**
	 * Ids: printable, no whitespace and none of {@code / ? # %} (they live in URL paths).
	 */
	private static final Pattern ID = Pattern.compile("[^\\s/?#%\\p{Cntrl}]{1,200}");

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:=@+-]{1,64}");

	private static final int MAX_TAGS = 20;

	private static final int MAX_URL = 2048;

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
	 * Store a validated definition and start polling it.
	 * @param definition the definition
	 * @return what the store did
	 */
	public CheckStore.Saved save(CheckDefinition definition) {
		CheckStore.Saved saved = this.store.save(definition, this.clock.instant());
		this.live.put(saved.check());
		if (definition.polled()) {
			this.scheduler.wake();
		}
		return saved;
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
		try {
			url = this.policy.checkUrl(url).toString();
		}
		catch (ForbiddenTargetException ex) {
			throw new InvalidCheckException("url", "The URL is refused: " + ex.getMessage() + ".");
		}
		String jsonPath = null;
		if (request.jsonPath() != null) {
			try {
				StatusDocuments.pointer(request.jsonPath());
				jsonPath = request.jsonPath().trim();
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidCheckException("jsonpath", "'jsonpath' is not usable: " + ex.getMessage() + ".");
			}
		}
		CheckStatus override = null;
		if (request.statusOverride() != null && !request.statusOverride().isBlank()) {
			override = CheckStatus.parse(request.statusOverride())
				.orElseThrow(() -> new InvalidCheckException("statusoverride",
						"'statusoverride' must be OK, Unknown, Warning or Critical, not '" + request.statusOverride()
								+ "'."));
		}
		Duration interval = request.interval();
		if (interval != null && interval.compareTo(this.properties.poll().minInterval()) < 0) {
			throw new InvalidCheckException("interval",
					"'interval' must be at least " + this.properties.poll().minInterval().toMillis() + " ms.");
		}
		return new CheckDefinition(id, CheckKind.HTTP, url, jsonPath, override, source, tags, interval, null, null,
				null, null, 0, now);
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
		if (!ID.matcher(id).matches()) {
			throw new InvalidCheckException("id",
					"'id' must be 1 to 200 printable characters without whitespace, '/', '?', '#' or '%'.");
		}
		return id;
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
				throw new InvalidCheckException("tags",
						"Tags are 1 to 64 characters of letters, digits and . _ : = @ + -, not '" + tag + "'.");
			}
			if (seen.add(tag)) {
				result.add(tag);
			}
		}
		return result;
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
		if (!this.store.delete(id, this.clock.instant())) {
			throw new NoSuchCheckException(id);
		}
		this.live.remove(id);
	}

	/**
	 * Delete checks without the API's rules (discovery, configuration).
	 * @param ids the checks
	 */
	public void deleteAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		this.store.deleteAll(ids, this.clock.instant());
		ids.forEach(this.live::remove);
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
		for (Duration duration : new Duration[] { muteFor, maintenanceFor }) {
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				throw new InvalidCheckException("for", "The duration must be positive.");
			}
		}
		if (note != null && note.length() > 500) {
			throw new InvalidCheckException("note", "'note' is longer than 500 characters.");
		}
		Instant now = this.clock.instant();
		TrackedCheck check = this.store
			.silence(id, (muteFor != null) ? now.plus(muteFor) : null,
					(maintenanceFor != null) ? now.plus(maintenanceFor) : null, note)
			.orElseThrow(() -> new NoSuchCheckException(id));
		this.live.put(check);
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
