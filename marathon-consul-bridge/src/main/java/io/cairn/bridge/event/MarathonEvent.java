package io.cairn.bridge.event;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.TaskIds;

/**
 * A Marathon event the bridge acts on, read from Marathon 1.3, 1.4 or 1.8 JSON. The app
 * ID always comes from the event's own field ({@code appId}, {@code runSpecId} or the app
 * definition), never from a task ID, whose format changed twice.
 */
public sealed interface MarathonEvent {

	/**
	 * The event type as Marathon names it.
	 * @return for example {@code status_update_event}
	 */
	String type();

	/**
	 * The events applied one after the other share a lane: those of one task (or
	 * instance), or those about an app as a whole.
	 * @return the lane key
	 */
	String lane();

	/**
	 * Whether applying this event is pointless once a later event of the same lane is
	 * waiting: both only make the bridge read Marathon's current state again, and the
	 * later one reads it later. The end of a task is superseded only by a later event
	 * that covers it (see {@link TaskStatus#supersededBy}); the destruction of an app
	 * never is.
	 * @param later a later event of the same lane
	 * @return true when this one can be skipped
	 */
	default boolean supersededBy(MarathonEvent later) {
		return rereadsState() && later.rereadsState();
	}

	/**
	 * Whether applying this event means reading Marathon's current state (or doing
	 * nothing).
	 * @return true for such events
	 */
	default boolean rereadsState() {
		return false;
	}

	/**
	 * {@code status_update_event}.
	 *
	 * @param appId the app ID
	 * @param taskId the task ID
	 * @param status the Mesos task state
	 * @param host the agent host
	 * @param timestamp when Marathon published it
	 */
	record TaskStatus(String appId, String taskId, String status, @Nullable String host,
			@Nullable String timestamp) implements MarathonEvent {

		@Override
		public String type() {
			return "status_update_event";
		}

		@Override
		public String lane() {
			return this.appId + "|" + TaskIds.instanceOf(this.taskId);
		}

		@Override
		public boolean rereadsState() {
			return TaskStates.actionFor(this.status) != TaskStates.Action.DEREGISTER;
		}

		/**
		 * An end of a task also reads Marathon (to confirm it) before it deregisters: one
		 * that is not terminal ({@code TASK_KILLING}) is pointless once a later event
		 * that reads Marathon for the same task waits (its end, or its instance read
		 * again); a terminal one only once a later terminal end of the same task waits (a
		 * terminal end is remembered, so it must be applied).
		 */
		@Override
		public boolean supersededBy(MarathonEvent later) {
			if (rereadsState()) {
				return MarathonEvent.super.supersededBy(later);
			}
			if (later instanceof TaskStatus end && end.taskId().equals(this.taskId)) {
				TaskStates.Action action = TaskStates.actionFor(end.status());
				return TaskStates.isTerminal(this.status) ? TaskStates.isTerminal(end.status())
						: action != TaskStates.Action.NOTHING;
			}
			if (TaskStates.isTerminal(this.status)) {
				return false;
			}
			if (later instanceof InstanceChanged changed) {
				return TaskIds.matches(this.taskId, changed.instanceId())
						&& TaskStates.actionFor(changed.condition()) != TaskStates.Action.NOTHING;
			}
			return later instanceof Health health && TaskIds.matches(this.taskId, health.taskOrInstanceId());
		}

	}

	/**
	 * {@code health_status_changed_event} (a task ID on 1.3, an instance ID from 1.4) and
	 * {@code instance_health_changed_event} (1.4 and later).
	 *
	 * @param type the event type
	 * @param appId the app ID
	 * @param taskOrInstanceId the task ID (1.3) or instance ID
	 * @param healthy the verdict
	 * @param timestamp when Marathon published it
	 */
	record Health(String type, String appId, String taskOrInstanceId, boolean healthy,
			@Nullable String timestamp) implements MarathonEvent {

		@Override
		public String lane() {
			return this.appId + "|" + TaskIds.instanceOf(this.taskOrInstanceId);
		}

		@Override
		public boolean rereadsState() {
			return true;
		}

	}

	/**
	 * {@code instance_changed_event} (1.4 and later).
	 *
	 * @param appId the app ID ({@code runSpecId})
	 * @param instanceId the instance ID
	 * @param condition the instance condition, such as {@code Running}
	 * @param host the agent host
	 * @param timestamp when Marathon published it
	 */
	record InstanceChanged(String appId, String instanceId, String condition, @Nullable String host,
			@Nullable String timestamp) implements MarathonEvent {

		@Override
		public String type() {
			return "instance_changed_event";
		}

		@Override
		public String lane() {
			return this.appId + "|" + this.instanceId;
		}

		@Override
		public boolean rereadsState() {
			return true;
		}

	}

	/**
	 * {@code app_terminated_event}: the app was destroyed.
	 *
	 * @param appId the app ID
	 * @param timestamp when Marathon published it
	 */
	record AppTerminated(String appId, @Nullable String timestamp) implements MarathonEvent {

		@Override
		public String type() {
			return "app_terminated_event";
		}

		@Override
		public String lane() {
			return this.appId;
		}

	}

	/**
	 * {@code api_post_event}: an app was created, changed (labels among it) or deleted
	 * through the API.
	 *
	 * @param appId the app ID
	 * @param app the app definition carried by the event
	 * @param uri the API path
	 * @param timestamp when Marathon published it
	 */
	record AppChanged(String appId, @Nullable MarathonApp app, @Nullable String uri,
			@Nullable String timestamp) implements MarathonEvent {

		@Override
		public String type() {
			return "api_post_event";
		}

		@Override
		public String lane() {
			return this.appId;
		}

		@Override
		public boolean supersededBy(MarathonEvent later) {
			return later instanceof AppChanged || later instanceof AppTerminated;
		}

	}

	/**
	 * Any other event (deployments, subscriptions, pods, future types), or one without
	 * the fields the bridge needs: acknowledged and not acted on.
	 *
	 * @param type the event type (empty when the event had none)
	 * @param reason why it is not acted on
	 */
	record Ignored(String type, String reason) implements MarathonEvent {

		@Override
		public String lane() {
			return "";
		}

	}

}
