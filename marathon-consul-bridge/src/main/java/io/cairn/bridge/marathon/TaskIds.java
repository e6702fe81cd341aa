package io.cairn.bridge.marathon;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What can be said about Marathon task IDs without parsing an app ID out of them.
 * Marathon 1.8 appends an incarnation to a stable instance ID
 * ({@code app.instance-<uuid>._app.3}); before 1.8 the task ID is the instance ID
 * ({@code app.<uuid>}, {@code app.marathon-<uuid>}). Health and instance events name
 * instances, status events name tasks: this is how the two are matched.
 */
public final class TaskIds {

	private static final Pattern INCARNATION = Pattern.compile("^(.+)\\._[^.]+\\.\\d+$");

	private TaskIds() {
	}

	/**
	 * The instance a task belongs to.
	 * @param taskId a task ID (or an instance ID, returned unchanged)
	 * @return the instance ID
	 */
	public static String instanceOf(String taskId) {
		Matcher matcher = INCARNATION.matcher(taskId);
		return matcher.matches() ? matcher.group(1) : taskId;
	}

	/**
	 * Whether a task is the given task or a task of the given instance.
	 * @param taskId the task ID
	 * @param taskOrInstanceId a task ID or an instance ID
	 * @return true when they match
	 */
	public static boolean matches(String taskId, String taskOrInstanceId) {
		return taskId.equals(taskOrInstanceId) || instanceOf(taskId).equals(taskOrInstanceId);
	}

}
