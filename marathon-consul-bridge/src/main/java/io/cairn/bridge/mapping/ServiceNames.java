package io.cairn.bridge.mapping;

import org.jspecify.annotations.Nullable;

/**
 * Service names derived from Marathon app IDs.
 */
public final class ServiceNames {

	private ServiceNames() {
	}

	/**
	 * Consular's name: the app ID without its leading {@code /}, every other {@code /}
	 * replaced by {@code -} ({@code /my-group/my-app} becomes {@code my-group-my-app}).
	 * @param appId the app ID
	 * @return the service name
	 */
	public static String consular(String appId) {
		String id = appId.startsWith("/") ? appId.substring(1) : appId;
		return id.replace('/', '-');
	}

	/**
	 * allegro/marathon-consul's name: spaces and {@code /} trimmed from both ends, the
	 * remaining {@code /} replaced by the separator.
	 * @param value an app ID or the {@code consul} label's value
	 * @param separator the separator (allegro's default is {@code .})
	 * @return the name, or {@code null} when nothing is left
	 */
	public static @Nullable String allegro(String value, String separator) {
		String trimmed = value.strip();
		int start = 0;
		int end = trimmed.length();
		while (start < end && trimmed.charAt(start) == '/') {
			start++;
		}
		while (end > start && trimmed.charAt(end - 1) == '/') {
			end--;
		}
		String name = trimmed.substring(start, end).strip().replace("/", separator);
		return name.isEmpty() ? null : name;
	}

}
