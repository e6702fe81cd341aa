package io.cairn.testkit.marathon;

/**
 * The Marathon generation the simulator imitates. It decides the task ID format, which
 * health and instance events are published, whether status events carry
 * {@code ipAddresses}, whether HTTP callbacks exist and how a standby answers
 * {@code /v2/events}.
 */
public enum MarathonVersion {

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
		return this != V1_3;
	}

	boolean hasCallbacks() {
		return this != V1_8;
	}

	boolean redirectsEvents() {
		return this == V1_8;
	}

}
