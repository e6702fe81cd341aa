package io.cairn.deploy.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of PromQL to find which series an expression selects, with the labels it
 * matches on and groups by, so that alert rules and dashboards can be checked against the
 * series the apps export. (promtool is not available here.)
 */
public final class PromQl {

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private PromQl() {
	}

	/**
	 * The series selectors and label lists of an expression.
	 * @param expression a PromQL expression
	 * @return what it refers to
	 */
	public static Parsed parse(String expression) {
		List<Selector> selectors = new ArrayList<>();
		Set<String> grouping = new LinkedHashSet<>();
		String text = expression;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(text, i);
			}
			else if (c == '[') {
				i = text.indexOf(']', i) + 1;
			}
			else if (c == '{') {
				// A selector without a name ({job="x"}) is not used here; treat it as an
				// error.
				throw new IllegalArgumentException("Selector without a metric name in: " + expression);
			}
			else if (Character.isLetter(c) || c == '_' || c == ':') {
				int start = i;
				while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
						|| text.charAt(i) == ':')) {
					i++;
				}
				String word = text.substring(start, i);
				int next = skipSpaces(text, i);
				if (LABEL_LISTS.contains(word) && next < text.length() && text.charAt(next) == '(') {
					int close = text.indexOf(')', next);
					for (String label : text.substring(next + 1, close).split(",")) {
						if (!label.isBlank()) {
							grouping.add(label.trim());
						}
					}
					i = close + 1;
				}
				else if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
					// an operator or keyword
				}
				else if (next < text.length() && text.charAt(next) == '(') {
					// a function or an aggregation
				}
				else if (isAggregationFollowedByGrouping(word, text, next)) {
					// sum by (x) (...)
				}
				else {
					Set<String> labels = new LinkedHashSet<>();
					if (next < text.length() && text.charAt(next) == '{') {
						int close = closingBrace(text, next);
						labels.addAll(matcherLabels(text.substring(next + 1, close)));
						i = close + 1;
					}
					selectors.add(new Selector(word, labels));
				}
			}
			else if (Character.isDigit(c) || c == '.') {
				// a number or a duration (5m, 1h)
				while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
					i++;
				}
			}
			else {
				i++;
			}
		}
		return new Parsed(selectors, grouping);
	}

	private static boolean isAggregationFollowedByGrouping(String word, String text, int next) {
		if (next >= text.length()) {
			return false;
		}
		String rest = text.substring(next);
		return rest.startsWith("by ") || rest.startsWith("by(") || rest.startsWith("without ")
				|| rest.startsWith("without(");
	}

	private static List<String> matcherLabels(String body) {
		List<String> labels = new ArrayList<>();
		int i = 0;
		while (i < body.length()) {
			i = skipSpaces(body, i);
			int start = i;
			while (i < body.length() && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
				i++;
			}
			if (i > start) {
				labels.add(body.substring(start, i));
			}
			// operator, then the quoted value
			while (i < body.length() && body.charAt(i) != '"' && body.charAt(i) != '\'') {
				i++;
			}
			if (i < body.length()) {
				i = skipString(body, i);
			}
			i = skipSpaces(body, i);
			if (i < body.length() && body.charAt(i) == ',') {
				i++;
			}
		}
		return labels;
	}

	private static int closingBrace(String text, int open) {
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != '}') {
			if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
				i = skipString(text, i);
			}
			else {
				i++;
			}
		}
		return i;
	}

	private static int skipString(String text, int open) {
		char quote = text.charAt(open);
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != quote) {
			i += (text.charAt(i) == '\\') ? 2 : 1;
		}
		return i + 1;
	}

	private static int skipSpaces(String text, int i) {
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	/**
	 * A series selector.
	 *
	 * @param metric the series name
	 * @param labels the label names it matches on
	 */
	public record Selector(String metric, Set<String> labels) {
	}

	/**
	 * What an expression refers to.
	 *
	 * @param selectors its series selectors
	 * @param grouping the labels of its {@code by}, {@code without}, {@code on} and
	 * {@code ignoring} lists
	 */
	public record Parsed(List<Selector> selectors, Set<String> grouping) {
	}

}
