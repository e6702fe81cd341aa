package io.cairn.consul.internal;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for path segments and query values. Keys with {@code /} stay readable:
 * KV keys keep their slashes, every other segment is encoded whole.
 */
public final class Paths {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private Paths() {
	}

	/**
	 * Encode one path segment (a service name, an ID).
	 */
	public static String segment(String value) {
		if (value.isEmpty()) {
			throw new IllegalArgumentException("A path parameter must not be empty");
		}
		return encode(value, false);
	}

	/**
	 * Encode a KV key, keeping its slashes.
	 */
	public static String key(String key) {
		String trimmed = key.startsWith("/") ? key.substring(1) : key;
		return encode(trimmed, true);
	}

	public static String query(String value) {
		return encode(value, false);
	}

	private static String encode(String value, boolean keepSlash) {
		int length = value.length();
		for (int i = 0; i < length; i++) {
			if (!safe(value.charAt(i), keepSlash)) {
				return encodeFrom(value, keepSlash);
			}
		}
		return value;
	}

	private static String encodeFrom(String value, boolean keepSlash) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			char c = (char) (b & 0xFF);
			if (c < 0x80 && safe(c, keepSlash)) {
				out.append(c);
			}
			else {
				out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		return out.toString();
	}

	private static boolean safe(char c, boolean keepSlash) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || (keepSlash && c == '/');
	}

}
