package io.cairn.bridge.event;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.marathon.TaskIds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Mesos task state and Marathon instance condition has a meaning, including ones
 * that do not exist yet.
 */
class TaskStatesTests {

	@Test
	void runningRegistersStagingAndStartingWaitEverythingElseDeregisters() {
		assertThat(TaskStates.actionFor("TASK_RUNNING")).isEqualTo(TaskStates.Action.REGISTER);
		assertThat(TaskStates.actionFor("Running")).isEqualTo(TaskStates.Action.REGISTER);
		for (String pending : new String[] { "TASK_STAGING", "TASK_STARTING", "Staging", "Starting" }) {
			assertThat(TaskStates.actionFor(pending)).as(pending).isEqualTo(TaskStates.Action.NOTHING);
		}
		for (String gone : new String[] { "TASK_KILLING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST",
				"TASK_ERROR", "TASK_DROPPED", "TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN",
				"TASK_FROM_THE_FUTURE", "Killing", "Killed", "Failed", "Finished", "Error", "Unreachable",
				"UnreachableInactive", "Gone", "Dropped", "Unknown", "", "task_running" }) {
			assertThat(TaskStates.actionFor(gone)).as(gone).isEqualTo(TaskStates.Action.DEREGISTER);
		}
		assertThat(TaskStates.actionFor(null)).isEqualTo(TaskStates.Action.DEREGISTER);
	}

	@Test
	void onlyTerminalStatesEndATaskForGood() {
		for (String terminal : new String[] { "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
				"TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_LOST", "Killed", "Failed", "Gone" }) {
			assertThat(TaskStates.isTerminal(terminal)).as(terminal).isTrue();
		}
		// These may come back to TASK_RUNNING (a partition heals, a kill is not done).
		for (String open : new String[] { "TASK_KILLING", "TASK_UNREACHABLE", "TASK_UNKNOWN", "TASK_FROM_THE_FUTURE",
				"TASK_RUNNING", "TASK_STAGING", "Unreachable", "UnreachableInactive", "Unknown", "Killing" }) {
			assertThat(TaskStates.isTerminal(open)).as(open).isFalse();
		}
		assertThat(TaskStates.isTerminal(null)).isFalse();
	}

	@Test
	void instanceIdsOfEveryTaskIdFormat() {
		assertThat(TaskIds.instanceOf("my-app_0-1396592784349")).isEqualTo("my-app_0-1396592784349");
		assertThat(TaskIds.instanceOf("my-app.5dd78972-6771-11e5-94e1-be5b2935a987"))
			.isEqualTo("my-app.5dd78972-6771-11e5-94e1-be5b2935a987");
		assertThat(TaskIds.instanceOf("my-app.marathon-49d976d3-9c6f-11e6-93cb-0242216b9f0d"))
			.isEqualTo("my-app.marathon-49d976d3-9c6f-11e6-93cb-0242216b9f0d");
		assertThat(TaskIds.instanceOf("service-name.instance-c0caec0a-863a-11e9-915b-c610fee06dff._app.42"))
			.isEqualTo("service-name.instance-c0caec0a-863a-11e9-915b-c610fee06dff");
		assertThat(TaskIds.matches("a.instance-1._app.2", "a.instance-1")).isTrue();
		assertThat(TaskIds.matches("a.instance-1._app.2", "a.instance-1._app.2")).isTrue();
		assertThat(TaskIds.matches("a.instance-1._app.2", "a.instance-1._app.3")).isFalse();
		assertThat(TaskIds.matches("a.instance-12._app.2", "a.instance-1")).isFalse();
	}

}
