package io.cairn.testkit.marathon;

/**
 * The Marathon generation the simulator imitates. It decides the task ID format, which
 * health and instance events are published, whether status events carry
 * {@code ipAddresses}, whether HTTP callbacks exist and how a standby answers
 * {@code /v2/events}.
 */
public enum MarathonVersion {

	/**
	 * Marathon 0.15 (early 2016), the generation Consular and allegro/marathon-consul's
	 * test fixtures were recorded against: tasks listed without a {@code state} (a
	 * running task has {@code startedAt}, a staging one has not), task IDs
	 * {@code <app>.<uuid>}, {@code health_status_changed_event} with a {@code taskId}, no
	 * instance events, HTTP callbacks available, and no {@code event_type} filter on
	 * {@code /v2/events} (added in 1.3.7: every event is streamed).
	 */
	V0_15("0.15.6"),

	/**
	 * Marathon 1.3: task IDs {@code <app>.<uuid>}, {@code health_status_changed_event}
	 * with a {@code taskId}, no instance events, HTTP callbacks available.
	 */
	V1_3("1.3.13"),

	/**
	 * Marathon 1.4: task IDs {@code <app>.marathon-<uuid>} (the instance ID too),
	 * {@code instance_changed_event} and {@code instance_health_changed_event},
	 * {@code health_status_changed_event} with an {@code instanceId},
	 * {@code TASK_KILLING}, HTTP callbacks still available (deprecated).
	 */
	V1_4("1.4.13"),

	/**
	 * Marathon 1.8 and later: task IDs {@code <app>.instance-<uuid>._app.<incarnation>}
	 * on stable instance IDs, no HTTP callbacks (removed in 1.5), standbys redirect
	 * {@code /v2/events} to the leader.
	 */
	V1_8("1.8.222");

	private final String release;

	MarathonVersion(String release) {
		this.release = release;
	}

	/**
	 * The release reported by {@code /v2/info}.
	 * @return for example {@code 1.4.13}
	 */
	public String release() {
		return this.release;
	}

	boolean hasInstances() {
		return this != V1_3 && this != V0_15;
	}

	/**
	 * Whether task lists carry a {@code state} (from 0.16 on).
	 * @return false for 0.15
	 */
	boolean hasTaskState() {
		return this != V0_15;
	}

	/**
	 * Whether {@code /v2/events} honours {@code event_type} filters (from 1.3.7 on).
	 * @return false for 0.15
	 */
	boolean filtersEvents() {
		return this != V0_15;
	}

	boolean hasCallbacks() {
		return this != V1_8;
	}

	boolean redirectsEvents() {
		return this == V1_8;
	}

}
