package io.cairn.bridge.marathon;

import java.util.regex.Pattern;

/**
 * The form of the IDs Marathon gives apps and tasks, checked before an ID from outside
 * (an event, a request) goes into a URL or the bridge's memory.
 */
public final class MarathonIds {

	/** The longest app, task or instance ID accepted. */
	public static final int MAX_LENGTH = 512;

	private static final Pattern APP_ID = Pattern.compile("(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)+");

	private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_.-]+");

	private MarathonIds() {
	}

	/**
	 * Whether a string has the form of a Marathon app ID: an absolute path whose segments
	 * are letters, digits, {@code _} and {@code -}, dot-separated, at most
	 * {@value #MAX_LENGTH} characters (so never {@code ..}, a query or a fragment).
	 * @param appId the string
	 * @return true when it has
	 */
	public static boolean isAppId(String appId) {
		return appId.length() <= MAX_LENGTH && APP_ID.matcher(appId).matches();
	}

	/**
	 * Whether a string has the form of a Marathon task or instance ID: letters, digits,
	 * {@code .}, {@code _} and {@code -}, at most {@value #MAX_LENGTH} characters.
	 * @param taskId the string
	 * @return true when it has
	 */
	public static boolean isTaskId(String taskId) {
		return taskId.length() <= MAX_LENGTH && TASK_ID.matcher(taskId).matches();
	}

}
