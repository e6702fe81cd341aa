package io.cairn.bridge.event;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a task state or instance condition means for the task's registration. Only a
 * running task is registered; staging and starting change nothing; every other state
 * deregisters (once Marathon confirms that the task does not run). Of those, only
 * terminal states end a task for good: {@code TASK_FINISHED}, {@code TASK_FAILED},
 * {@code TASK_KILLED}, {@code TASK_ERROR}, {@code TASK_DROPPED}, {@code TASK_GONE},
 * {@code TASK_GONE_BY_OPERATOR} and {@code TASK_LOST} (Marathon before 1.4 treats it as
 * terminal; later ones keep a lost task listed, as unreachable, until it comes back or is
 * expunged, which is why a lost task must also have left Marathon's list). The others
 * ({@code TASK_KILLING}, {@code TASK_UNREACHABLE}, {@code TASK_UNKNOWN}, and states a
 * future Mesos adds) may come back to {@code TASK_RUNNING}: partition-aware Mesos sends
 * {@code TASK_RUNNING} again when an unreachable agent reconnects.
 */
public final class TaskStates {

	private static final Set<String> PENDING = Set.of("TASK_STAGING", "TASK_STARTING", "Staging", "Starting", "Created",
			"Reserved", "Provisioned", "Scheduled");

	private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
			"TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_LOST", "Finished", "Failed", "Killed", "Error",
			"Dropped", "Gone");

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
	 * Whether a task in this state has ended for good (it never runs again: a restart is
	 * a new task).
	 * @param stateOrCondition the Mesos task state or instance condition
	 * @return true for the terminal states
	 */
	public static boolean isTerminal(@Nullable String stateOrCondition) {
		return stateOrCondition != null && TERMINAL.contains(stateOrCondition);
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
