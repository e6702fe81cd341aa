package io.cairn.status.maintenance;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.OpenWindow;
import io.cairn.status.aggregate.ScheduledMaintenance;
import io.cairn.status.check.CheckDefinition;

/**
 * The maintenance windows every replica agrees on (read from the database every
 * {@code sync-interval}, and at once after this replica's own changes) plus those of this
 * replica's configuration, and which are open now.
 * <p>
 * The view asks it about every check every second, so which windows are open is worked
 * out once and kept until the next window opens or closes (or the windows change); a
 * question is then two map look-ups per tag. When the database cannot be read, the
 * windows last read stay in force.
 */
public class MaintenanceSchedule implements ScheduledMaintenance, Closeable {

	private static final Log logger = LogFactory.getLog(MaintenanceSchedule.class);

	/** The longest an answer is kept even when no window changes sooner. */
	private static final Duration LONGEST_KEPT = Duration.ofMinutes(1);

	private final MaintenanceStore store;

	private final List<MaintenanceWindow> configured;

	private final Clock clock;

	private volatile List<MaintenanceWindow> stored = List.of();

	private volatile OpenNow open = OpenNow.NONE;

	private @Nullable ScheduledFuture<?> refresher;

	/**
	 * Create the schedule.
	 * @param store the stored windows
	 * @param configured the windows of this replica's configuration
	 * @param clock the clock windows open and close by
	 */
	public MaintenanceSchedule(MaintenanceStore store, List<MaintenanceWindow> configured, Clock clock) {
		this.store = store;
		this.configured = List.copyOf(configured);
		this.clock = clock;
	}

	/**
	 * Read the stored windows on the timer, at once and then every {@code every} (a
	 * failed read is retried then).
	 * @param timer the thread that reads them
	 * @param every how often
	 */
	public synchronized void start(ScheduledExecutorService timer, Duration every) {
		this.refresher = timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void close() {
		if (this.refresher != null) {
			this.refresher.cancel(false);
		}
	}

	/**
	 * Read the stored windows again (after a change here, or on the timer).
	 */
	public void refresh() {
		try {
			List<MaintenanceWindow> read = this.store.all();
			if (!read.equals(this.stored)) {
				this.stored = read;
				this.open = OpenNow.NONE;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the maintenance windows; the last ones read stay in force", ex);
		}
	}

	/**
	 * Every window, configured ones first.
	 * @return the windows
	 */
	public List<MaintenanceWindow> windows() {
		List<MaintenanceWindow> all = new ArrayList<>(this.configured);
		all.addAll(this.stored);
		return all;
	}

	@Override
	public @Nullable OpenWindow openFor(CheckDefinition definition, Instant now) {
		OpenNow current = openAt(now);
		if (current.byCheck.isEmpty() && current.byGroup.isEmpty()) {
			return null;
		}
		OpenWindow found = current.byCheck.get(definition.id());
		for (String tag : definition.tags()) {
			found = later(found, current.byGroup.get(tag));
		}
		return found;
	}

	/**
	 * Which windows are open at an instant, kept until the next one opens or closes.
	 */
	private OpenNow openAt(Instant now) {
		OpenNow current = this.open;
		if (current.holdsAt(now)) {
			return current;
		}
		synchronized (this) {
			current = this.open;
			if (current.holdsAt(now)) {
				return current;
			}
			Map<String, OpenWindow> byCheck = new HashMap<>();
			Map<String, OpenWindow> byGroup = new HashMap<>();
			Instant validUntil = now.plus(LONGEST_KEPT);
			for (MaintenanceWindow window : windows()) {
				Instant until = window.openUntil(now);
				if (until != null) {
					OpenWindow opened = new OpenWindow(window.id(), until, window.reason());
					if (window.checkId() != null) {
						byCheck.merge(window.checkId(), opened, MaintenanceSchedule::laterOf);
					}
					if (window.group() != null) {
						byGroup.merge(window.group(), opened, MaintenanceSchedule::laterOf);
					}
				}
				Instant change = window.nextChange(now);
				if (change != null && change.isBefore(validUntil)) {
					validUntil = change;
				}
			}
			current = new OpenNow(now, validUntil, Map.copyOf(byCheck), Map.copyOf(byGroup));
			this.open = current;
			return current;
		}
	}

	private static OpenWindow laterOf(OpenWindow a, OpenWindow b) {
		return b.until().isAfter(a.until()) ? b : a;
	}

	private static @Nullable OpenWindow later(@Nullable OpenWindow a, @Nullable OpenWindow b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return b.until().isAfter(a.until()) ? b : a;
	}

	/**
	 * The current time by the schedule's clock.
	 * @return now
	 */
	Instant now() {
		return this.clock.instant();
	}

	/**
	 * The windows open over a stretch of time in which none opens or closes.
	 */
	private record OpenNow(Instant from, Instant until, Map<String, OpenWindow> byCheck,
			Map<String, OpenWindow> byGroup) {

		static final OpenNow NONE = new OpenNow(Instant.MAX, Instant.MIN, Map.of(), Map.of());

		boolean holdsAt(Instant now) {
			return !now.isBefore(this.from) && now.isBefore(this.until);
		}

	}

}
