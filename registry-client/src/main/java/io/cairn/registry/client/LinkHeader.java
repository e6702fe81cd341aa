package io.cairn.registry.client;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code rel="next"} target out of RFC 8288 {@code Link} header values, such as
 * {@code <https://reg/v1/instances?cursor=abc>; rel="next"}. Link values may be
 * comma-separated and spread over several header lines; parameters may be quoted.
 */
final class LinkHeader {

	private LinkHeader() {
	}

	/**
	 * The target of the first link whose relations include {@code next}.
	 * @param values the {@code Link} header values
	 * @return the URI reference, or null when there is none
	 */
	static @Nullable String next(List<String> values) {
		for (String value : values) {
			String found = next(value);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private static @Nullable String next(String value) {
		int at = 0;
		int length = value.length();
		while (at < length) {
			int open = value.indexOf('<', at);
			if (open < 0) {
				return null;
			}
			int close = value.indexOf('>', open + 1);
			if (close < 0) {
				return null;
			}
			String target = value.substring(open + 1, close);
			// The parameters run to the next comma outside a quoted string.
			int end = close + 1;
			boolean quoted = false;
			while (end < length && (quoted || value.charAt(end) != ',')) {
				char c = value.charAt(end);
				if (c == '\\' && quoted) {
					end++;
				}
				else if (c == '"') {
					quoted = !quoted;
				}
				end++;
			}
			if (hasNextRelation(value.substring(close + 1, Math.min(end, length)))) {
				return target;
			}
			at = end + 1;
		}
		return null;
	}

	private static boolean hasNextRelation(String parameters) {
		for (String parameter : parameters.split(";")) {
			int equals = parameter.indexOf('=');
			if (equals < 0 || !parameter.substring(0, equals).trim().equalsIgnoreCase("rel")) {
				continue;
			}
			String relations = parameter.substring(equals + 1).trim();
			if (relations.length() >= 2 && relations.startsWith("\"") && relations.endsWith("\"")) {
				relations = relations.substring(1, relations.length() - 1);
			}
			for (String relation : relations.trim().split("\\s+")) {
				if (relation.toLowerCase(Locale.ROOT).equals("next")) {
					return true;
				}
			}
		}
		return false;
	}

}
