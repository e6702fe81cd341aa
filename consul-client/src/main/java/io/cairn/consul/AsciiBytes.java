package io.cairn.consul;

/**
 * Comparisons and searches on the ASCII bytes of an HTTP head, so that names and values
 * need not become Strings to be recognised.
 */
final class AsciiBytes {

	private AsciiBytes() {
	}

	/** The index of the first {@code value} in {@code [from, to)}, {@code to} if none. */
	static int indexOf(byte[] b, int from, int to, byte value) {
		for (int i = from; i < to; i++) {
			if (b[i] == value) {
				return i;
			}
		}
		return to;
	}

	static boolean startsWith(byte[] b, int start, String prefix) {
		for (int i = 0; i < prefix.length(); i++) {
			if (b[start + i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	/** Whether {@code [start, end)} is {@code name}, ignoring ASCII case. */
	static boolean equalsIgnoreCase(byte[] bytes, int start, int end, String name) {
		if (end - start != name.length()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			int b = bytes[start + i];
			int c = name.charAt(i);
			if (b != c) {
				if (b >= 'A' && b <= 'Z') {
					b += 'a' - 'A';
				}
				if (c >= 'A' && c <= 'Z') {
					c += 'a' - 'A';
				}
				if (b != c) {
					return false;
				}
			}
		}
		return true;
	}

	/** Whether a comma-separated header value holds a token (case-insensitive). */
	static boolean hasToken(byte[] bytes, int start, int end, String token) {
		int i = start;
		while (i < end) {
			int tokenStart = i;
			while (i < end && bytes[i] != ',') {
				i++;
			}
			int s = tokenStart;
			int e = i;
			while (s < e && isBlank(bytes[s])) {
				s++;
			}
			while (e > s && isBlank(bytes[e - 1])) {
				e--;
			}
			if (equalsIgnoreCase(bytes, s, e, token)) {
				return true;
			}
			i++;
		}
		return false;
	}

	/**
	 * Whether the last element of a comma-separated header value is a token
	 * (case-insensitive): the last transfer coding decides the framing.
	 */
	static boolean lastTokenIs(byte[] bytes, int start, int end, String token) {
		int e = end;
		while (e > start && isBlank(bytes[e - 1])) {
			e--;
		}
		int s = e;
		while (s > start && bytes[s - 1] != ',') {
			s--;
		}
		while (s < e && isBlank(bytes[s])) {
			s++;
		}
		return equalsIgnoreCase(bytes, s, e, token);
	}

	/** Optional white space around header values and list elements. */
	static boolean isBlank(byte b) {
		return b == ' ' || b == '\t';
	}

}
