package io.cairn.registry.domain;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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
		return compile("name", pattern);
	}

	/**
	 * Compile a pattern given in a named parameter.
	 * @param field the parameter, for messages
	 * @param pattern the glob
	 * @return the compiled glob
	 * @throws InvalidInputException when the pattern is empty, too long or has control,
	 * invisible or direction-changing characters
	 */
	public static Glob compile(String field, String pattern) {
		if (pattern.isEmpty()) {
			throw new InvalidInputException(field, "The pattern is empty; use * to match every service.");
		}
		if (pattern.length() > MAX_LENGTH) {
			throw new InvalidInputException(field, "The pattern is longer than " + MAX_LENGTH + " characters.");
		}
		if (pattern.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException(field, "The pattern contains control characters.");
		}
		RegistrationRules.visibleText(field, pattern, "The pattern");
		StringBuilder prefix = new StringBuilder();
		String regex = translate(pattern, false, prefix);
		return new Glob(pattern, prefix.toString(), isLiteral(pattern), regex);
	}

	/**
	 * This glob evaluated here rather than in PostgreSQL (for token scopes).
	 * @return a test of whether a whole name matches
	 */
	public Predicate<String> toPredicate() {
		if (this.literal) {
			return this.literalPrefix::equals;
		}
		Pattern compiled = Pattern.compile(translate(this.pattern, true, new StringBuilder()), Pattern.DOTALL);
		return (name) -> compiled.matcher(name).matches();
	}

	/**
	 * The anchored regular expression of a glob, for PostgreSQL (ARE) or for
	 * {@link Pattern} (they differ only in how a class member beyond the BMP is written),
	 * collecting its literal prefix on the way.
	 */
	private static String translate(String pattern, boolean java, StringBuilder prefix) {
		StringBuilder regex = new StringBuilder(pattern.length() * 2 + 2).append('^');
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
				appendClass(regex, pattern.substring(i, end), java);
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
		return regex.append('$').toString();
	}

	/**
	 * Whether a pattern has no wildcard and no class: it names one service.
	 */
	private static boolean isLiteral(String pattern) {
		int i = 0;
		while (i < pattern.length()) {
			char c = pattern.charAt(i++);
			if (c == '*' || c == '?' || (c == '[' && classEnd(pattern, i) > 0)) {
				return false;
			}
			if (c == '\\') {
				i++;
			}
		}
		return true;
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
	public @Nullable String prefixUpperBound() {
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

	private static void appendClass(StringBuilder regex, String body, boolean java) {
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
			appendClassMember(regex, c, java);
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
	private static void appendClassMember(StringBuilder regex, int c, boolean java) {
		if (c < 128 && Character.isLetterOrDigit(c)) {
			regex.append((char) c);
		}
		else if (c <= 0xFFFF) {
			regex.append(String.format("\\u%04x", c));
		}
		else if (java) {
			regex.append(String.format("\\x{%x}", c));
		}
		else {
			regex.append(String.format("\\U%08x", c));
		}
	}

}
