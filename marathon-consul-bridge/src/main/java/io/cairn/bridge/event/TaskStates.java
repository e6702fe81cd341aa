package io.cairn.bridge.event;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a task state or instance condition means for the task's registration. Only a
 * running task is registered; staging and starting change nothing; every other state,
 * terminal, unreachable, killing or unknown (including states a future Mesos adds),
 * deregisters.
 */
public final class TaskStates {

	private static final Set<String> PENDING = Set.of("TASK_STAGING", "TASK_STARTING", "Staging", "Starting", "Created",
			"Reserved", "Provisioned", "Scheduled");

	private TaskStates() {
	}

	/**
	 * The action a task state or instance condition calls for.
	 * @param stateOrCondition for example {@code TASK_RUNNING} or {@code Running}
	 * @return the action
	 */
	public static Action actionFor(@Nullable String stateOrCondition) {
		if (stateOrCondition == null) {
			return Action.DEREGISTER;
		}
		if (stateOrCondition.equals("TASK_RUNNING") || stateOrCondition.equals("Running")) {
			return Action.REGISTER;
		}
		if (PENDING.contains(stateOrCondition)) {
			return Action.NOTHING;
		}
		return Action.DEREGISTER;
	}

	/**
	 * Whether a task in this state runs.
	 * @param state the Mesos task state
	 * @return true for {@code TASK_RUNNING}
	 */
	public static boolean isRunning(@Nullable String state) {
		return "TASK_RUNNING".equals(state);
	}

	/**
	 * What to do with a registration.
	 */
	public enum Action {

		/** Register the task (when the app's rules allow). */
		REGISTER,

		/** Leave it as it is. */
		NOTHING,

		/** Deregister the task. */
		DEREGISTER

	}

}
