package io.cairn.registry.domain;

/**
 * A shell-style service-name pattern, as servreg's README promised and its SQL
 * {@code LIKE} never delivered: {@code *} any run of characters, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]} and {@code [!abc]} (or {@code [^abc]}) character classes,
 * {@code \} to take the next character literally. Matching is anchored and
 * case-sensitive, and {@code _} and {@code %} are ordinary characters.
 * <p>
 * A glob compiles to a PostgreSQL regular expression plus its literal prefix, so that a
 * lookup such as {@code orders.*} is an index range scan rather than a table scan.
 *
 * @param pattern the pattern as given
 * @param literalPrefix the characters every match starts with
 * @param literal whether the pattern has no wildcard at all (an exact name)
 * @param postgresRegex the equivalent anchored PostgreSQL (ARE) regular expression
 */
public record Glob(String pattern, String literalPrefix, boolean literal, String postgresRegex) {

	/** The longest pattern accepted. */
	public static final int MAX_LENGTH = 512;

	/**
	 * Compile a pattern.
	 * @param pattern the glob
	 * @return the compiled glob
	 * @throws InvalidInputException when the pattern is empty, too long or has control
	 * characters
	 */
	public static Glob compile(String pattern) {
		if (pattern.isEmpty()) {
			throw new InvalidInputException("name", "The pattern is empty; use * to match every service.");
		}
		if (pattern.length() > MAX_LENGTH) {
			throw new InvalidInputException("name", "The pattern is longer than " + MAX_LENGTH + " characters.");
		}
		if (pattern.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("name", "The pattern contains control characters.");
		}
		StringBuilder regex = new StringBuilder(pattern.length() * 2 + 2).append('^');
		StringBuilder prefix = new StringBuilder();
		boolean inPrefix = true;
		int i = 0;
		while (i < pattern.length()) {
			int c = pattern.codePointAt(i);
			i += Character.charCount(c);
			if (c == '*' || c == '?') {
				regex.append((c == '*') ? ".*" : ".");
				inPrefix = false;
			}
			else if (c == '[' && classEnd(pattern, i) > 0) {
				int end = classEnd(pattern, i);
				appendClass(regex, pattern.substring(i, end));
				i = end + 1;
				inPrefix = false;
			}
			else {
				if (c == '\\' && i < pattern.length()) {
					c = pattern.codePointAt(i);
					i += Character.charCount(c);
				}
				appendLiteral(regex, c);
				if (inPrefix) {
					prefix.appendCodePoint(c);
				}
			}
		}
		regex.append('$');
		return new Glob(pattern, prefix.toString(), inPrefix, regex.toString());
	}

	/**
	 * A pattern that matches one name exactly, whatever characters it holds.
	 * @param name the service name
	 * @return the glob
	 */
	public static Glob exact(String name) {
		StringBuilder regex = new StringBuilder("^");
		name.codePoints().forEach((c) -> appendLiteral(regex, c));
		return new Glob(name, name, true, regex.append('$').toString());
	}

	/**
	 * The smallest string greater than every string that starts with the literal prefix,
	 * for a range scan ({@code name >= prefix AND name < upperBound}); null when there is
	 * no prefix or no such bound.
	 * @return the exclusive upper bound, or null
	 */
	public String prefixUpperBound() {
		if (this.literalPrefix.isEmpty()) {
			return null;
		}
		int last = this.literalPrefix.codePointBefore(this.literalPrefix.length());
		if (last >= Character.MAX_CODE_POINT) {
			return null;
		}
		String head = this.literalPrefix.substring(0, this.literalPrefix.length() - Character.charCount(last));
		return head + new String(Character.toChars(last + 1));
	}

	/**
	 * Where the class that starts after {@code [} ends: the index of its closing
	 * {@code ]}, or -1 when it never closes (then the {@code [} is an ordinary character,
	 * as in fnmatch). A {@code ]} right after the opening (or after {@code !}/{@code ^})
	 * is a member.
	 */
	private static int classEnd(String pattern, int start) {
		int i = start;
		if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
			i++;
		}
		if (i < pattern.length() && pattern.charAt(i) == ']') {
			i++;
		}
		while (i < pattern.length()) {
			char c = pattern.charAt(i);
			if (c == '\\' && i + 1 < pattern.length()) {
				i += 2;
				continue;
			}
			if (c == ']') {
				return i;
			}
			i++;
		}
		return -1;
	}

	private static void appendClass(StringBuilder regex, String body) {
		regex.append('[');
		int i = 0;
		if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
			regex.append('^');
			i = 1;
		}
		while (i < body.length()) {
			int c = body.codePointAt(i);
			i += Character.charCount(c);
			if (c == '\\' && i < body.length()) {
				c = body.codePointAt(i);
				i += Character.charCount(c);
			}
			else if (c == '-' && regex.charAt(regex.length() - 1) != '[' && regex.charAt(regex.length() - 1) != '^'
					&& i < body.length()) {
				// A range between the previous member and the next one.
				regex.append('-');
				continue;
			}
			appendClassMember(regex, c);
		}
		regex.append(']');
	}

	/**
	 * Outside a class, ASCII punctuation is escaped with a backslash (in PostgreSQL AREs
	 * a backslash before a non-alphanumeric character means the character itself).
	 */
	private static void appendLiteral(StringBuilder regex, int c) {
		if (c < 128 && !Character.isLetterOrDigit(c)) {
			regex.append('\\');
		}
		regex.appendCodePoint(c);
	}

	/**
	 * Inside a class every character that is not an ASCII letter or digit is written as a
	 * character-entry escape, so that {@code ]}, {@code ^}, {@code -} and {@code \} can
	 * never change the class's meaning.
	 */
	private static void appendClassMember(StringBuilder regex, int c) {
		if (c < 128 && Character.isLetterOrDigit(c)) {
			regex.append((char) c);
		}
		else if (c <= 0xFFFF) {
			regex.append(String.format("\\u%04x", c));
		}
		else {
			regex.append(String.format("\\U%08x", c));
		}
	}

}
