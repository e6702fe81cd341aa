package io.cairn.bridge.sync;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.bridge.event.EventHandler;
import io.cairn.bridge.event.MarathonEvent;
import io.cairn.bridge.event.TaskStates;
import io.cairn.bridge.leader.NotLeaderException;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;

/**
 * What each event does:
 * <ul>
 * <li>{@code status_update_event}: {@code TASK_RUNNING} registers the task (as Marathon
 * now describes it); {@code TASK_STAGING} and {@code TASK_STARTING} do nothing; every
 * other state ({@code TASK_KILLING}, terminal, unreachable, unknown, future) deregisters,
 * once Marathon confirms that the task no longer runs;</li>
 * <li>health events: the task or instance is applied again (health gating);</li>
 * <li>{@code instance_changed_event}: the instance is applied again, unless it is only
 * staging or starting;</li>
 * <li>{@code app_terminated_event}: the app's services and KV folder go, once Marathon
 * answers 404 for the app;</li>
 * <li>{@code api_post_event}: the whole app is applied again (labels, tags, opt-in).</li>
 * </ul>
 * A failure is noted and a repairing full sync requested.
 */
public final class EventApplier implements EventHandler {

	private static final Log logger = LogFactory.getLog(EventApplier.class);

	private final Reconciler reconciler;

	private final Activity activity;

	private final BridgeMetrics metrics;

	private final Runnable repair;

	/**
	 * Create the applier.
	 * @param reconciler applies Marathon's state
	 * @param activity notes what was done
	 * @param metrics counts failures
	 * @param repair requests a repairing sync after a failure
	 */
	public EventApplier(Reconciler reconciler, Activity activity, BridgeMetrics metrics, Runnable repair) {
		this.reconciler = reconciler;
		this.activity = activity;
		this.metrics = metrics;
		this.repair = repair;
	}

	@Override
	public void handle(MarathonEvent event, long receivedNanos) {
		String appId = null;
		String subject = null;
		try {
			String outcome;
			if (event instanceof MarathonEvent.TaskStatus status) {
				appId = status.appId();
				subject = status.taskId();
				outcome = switch (TaskStates.actionFor(status.status())) {
					case REGISTER ->
						this.reconciler.task(status.appId(), status.taskId(), status.host(), receivedNanos);
					case NOTHING -> "nothing to do (" + status.status() + ")";
					case DEREGISTER -> this.reconciler.ended(status.appId(), status.taskId(), status.status(),
							status.host(), receivedNanos);
				};
			}
			else if (event instanceof MarathonEvent.Health health) {
				appId = health.appId();
				subject = health.taskOrInstanceId();
				outcome = this.reconciler.task(health.appId(), health.taskOrInstanceId(), null, receivedNanos)
						+ (health.healthy() ? " (healthy)" : " (unhealthy)");
			}
			else if (event instanceof MarathonEvent.InstanceChanged changed) {
				appId = changed.appId();
				subject = changed.instanceId();
				outcome = (TaskStates.actionFor(changed.condition()) == TaskStates.Action.NOTHING)
						? "nothing to do (" + changed.condition() + ")"
						: this.reconciler.task(changed.appId(), changed.instanceId(), changed.host(), receivedNanos)
								+ " (" + changed.condition() + ")";
			}
			else if (event instanceof MarathonEvent.AppTerminated terminated) {
				appId = terminated.appId();
				outcome = this.reconciler.terminated(terminated.appId(), receivedNanos);
			}
			else if (event instanceof MarathonEvent.AppChanged changed) {
				appId = changed.appId();
				outcome = this.reconciler.app(changed.appId(), receivedNanos);
			}
			else {
				return;
			}
			this.activity.event(event.type(), appId, subject, outcome);
		}
		catch (NotLeaderException ex) {
			this.activity.event(event.type(), appId, subject, "not applied: leadership lost");
		}
		catch (RuntimeException ex) {
			logger.warn(this.activity
				.redact("Applying " + event.type() + " (" + appId + ", " + subject + ") failed: " + ex.getMessage()));
			this.metrics.error("event");
			this.activity.event(event.type(), appId, subject, "failed: " + ex.getMessage());
			this.activity.error("event", event.type() + " for " + ((subject != null) ? subject : appId) + " failed: "
					+ ex.getMessage() + "; a full sync will repair it");
			this.repair.run();
		}
	}

}
