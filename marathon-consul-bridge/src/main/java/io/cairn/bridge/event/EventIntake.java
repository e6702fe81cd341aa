package io.cairn.bridge.event;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;

/**
 * Where events arrive, from the stream or the callback: parsed, counted, and queued for
 * the dispatcher while this replica acts (leads and is configured). Types the bridge does
 * not use are acknowledged and dropped here.
 */
public final class EventIntake {

	private final EventParser parser;

	private final EventDispatcher dispatcher;

	private final BooleanSupplier acting;

	private final BridgeMetrics metrics;

	private final Activity activity;

	private final Runnable resync;

	/**
	 * Create the intake.
	 * @param parser reads event JSON
	 * @param dispatcher applies events
	 * @param acting whether this replica acts on events now
	 * @param metrics counts events
	 * @param activity notes events
	 * @param resync asks for a full sync (after an event was lost)
	 */
	public EventIntake(EventParser parser, EventDispatcher dispatcher, BooleanSupplier acting, BridgeMetrics metrics,
			Activity activity, Runnable resync) {
		this.parser = parser;
		this.dispatcher = dispatcher;
		this.acting = acting;
		this.metrics = metrics;
		this.activity = activity;
		this.resync = resync;
	}

	/**
	 * Take one event.
	 * @param streamType the SSE {@code event:} field, if any
	 * @param body the event JSON
	 * @return what became of it
	 * @throws MalformedEventException when the body is not a JSON object
	 */
	public Result accept(@Nullable String streamType, String body) {
		long received = System.nanoTime();
		MarathonEvent event = this.parser.parse(streamType, body);
		this.metrics.event(event.type());
		if (event instanceof MarathonEvent.Ignored) {
			return Result.IGNORED;
		}
		if (!this.acting.getAsBoolean()) {
			return Result.NOT_ACTING;
		}
		return switch (this.dispatcher.submit(event, received)) {
			case QUEUED -> Result.QUEUED;
			case DUPLICATE -> {
				this.activity.event(event.type(), appId(event), null, "duplicate of a waiting event: dropped");
				yield Result.DUPLICATE;
			}
			case DROPPED -> {
				this.metrics.error("overflow");
				yield Result.DROPPED;
			}
		};
	}

	/**
	 * An event larger than {@code events.max-size} was skipped. When it is of a type the
	 * bridge uses, or of an unknown type, a full sync repairs what it carried; a type the
	 * bridge does not use (a deployment's plan, a group change) needs nothing.
	 * @param type its type, if known
	 * @param size its size in bytes
	 * @return {@link Result#SKIPPED}, {@link Result#IGNORED} or {@link Result#NOT_ACTING}
	 */
	public Result oversized(@Nullable String type, long size) {
		if (type != null && !EventParser.isUsed(type)) {
			this.metrics.event(type);
			return Result.IGNORED;
		}
		this.metrics.error("event");
		if (!this.acting.getAsBoolean()) {
			return Result.NOT_ACTING;
		}
		this.activity.error("event", "an event" + ((type != null) ? " (" + type + ")" : "") + " of " + size
				+ " bytes exceeded cairn.bridge.events.max-size and was skipped; a full sync was requested");
		this.resync.run();
		return Result.SKIPPED;
	}

	private static @Nullable String appId(MarathonEvent event) {
		if (event instanceof MarathonEvent.TaskStatus status) {
			return status.appId();
		}
		if (event instanceof MarathonEvent.Health health) {
			return health.appId();
		}
		if (event instanceof MarathonEvent.InstanceChanged changed) {
			return changed.appId();
		}
		if (event instanceof MarathonEvent.AppTerminated terminated) {
			return terminated.appId();
		}
		if (event instanceof MarathonEvent.AppChanged changed) {
			return changed.appId();
		}
		return null;
	}

	/**
	 * What became of an event.
	 */
	public enum Result {

		/** Queued to be applied. */
		QUEUED,

		/** A type the bridge does not use (or an incomplete event). */
		IGNORED,

		/** Equal to an event already waiting. */
		DUPLICATE,

		/** The queue was full; a full sync was requested instead. */
		DROPPED,

		/** Larger than {@code events.max-size}; a full sync was requested instead. */
		SKIPPED,

		/** This replica does not act now (a follower, or not configured). */
		NOT_ACTING

	}

}
