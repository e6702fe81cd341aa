package io.cairn.registry.client;

import java.util.regex.Pattern;

/**
 * Tells, without asking the registry, whether a service name may match a glob lookup, so
 * that a watch answer refreshes only the cached lookups a change can touch. It errs on
 * the side of "may match": {@code *}, {@code ?} and {@code \} escapes are exact, and
 * anything from the first character class ({@code [...]}) on matches every rest, so a
 * change is never missed even if a class were read differently than the registry reads
 * it. A false "may match" only costs one extra lookup.
 */
final class GlobFilter {

	private final Pattern pattern;

	private GlobFilter(Pattern pattern) {
		this.pattern = pattern;
	}

	static GlobFilter of(String glob) {
		StringBuilder regex = new StringBuilder();
		StringBuilder literal = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' || c == '?' || c == '[') {
				flush(regex, literal);
				if (c == '*') {
					regex.append(".*");
				}
				else if (c == '?') {
					regex.append("(?s:.)");
				}
				else {
					regex.append("(?s:.*)");
					return new GlobFilter(Pattern.compile(regex.toString(), Pattern.DOTALL));
				}
			}
			else if (c == '\\' && i + 1 < glob.length()) {
				literal.append(glob.charAt(++i));
			}
			else {
				literal.append(c);
			}
		}
		flush(regex, literal);
		return new GlobFilter(Pattern.compile(regex.toString(), Pattern.DOTALL));
	}

	private static void flush(StringBuilder regex, StringBuilder literal) {
		if (literal.length() > 0) {
			regex.append(Pattern.quote(literal.toString()));
			literal.setLength(0);
		}
	}

	boolean mayMatch(String name) {
		return this.pattern.matcher(name).matches();
	}

}
