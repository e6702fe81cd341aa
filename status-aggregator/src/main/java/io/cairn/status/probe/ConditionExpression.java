package io.cairn.status.probe;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A parsed condition: {@code <subject> <operator> <value>}.
 * <p>
 * Subjects: {@code [STATUS]} (HTTP status code), {@code [RESPONSE_TIME]} (milliseconds),
 * {@code [BODY]} (the whole body as text), {@code [BODY].a.b[0].c} (a value in a JSON
 * body), {@code [HEADER:Name]} (a header's first value), {@code [CERTIFICATE_DAYS_LEFT]}
 * (whole days until the server certificate expires), {@code [CONNECTED]} ({@code true} or
 * {@code false}). Operators: {@code == != < <= > >=} and {@code =~ !~} (a regular
 * expression found, or not, in the subject). The value is the rest of the expression;
 * double quotes around it are removed. {@code <}, {@code <=}, {@code >}, {@code >=}
 * compare numbers; {@code ==} and {@code !=} compare numbers when both sides are numbers
 * and text otherwise. A subject that is missing (no such JSON field or header, no
 * certificate) fails every operator but {@code !=} and {@code !~}.
 * <p>
 * Regular expressions run over a character sequence that counts its reads and gives up
 * after {@link #REGEX_STEPS}, so a pattern that backtracks catastrophically fails its
 * condition instead of holding a poller.
 */
public final class ConditionExpression {

	/** The most characters a regular expression may read per evaluation. */
	static final long REGEX_STEPS = 2_000_000;

	private static final Pattern SYNTAX = Pattern.compile(
			"\\s*\\[(STATUS|RESPONSE_TIME|BODY|HEADER:([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64})|CERTIFICATE_DAYS_LEFT|CONNECTED|DNS_RCODE)\\]"
					+ "((?:\\.[A-Za-z0-9_$@-]{1,64}|\\[[0-9]{1,6}\\]){0,16})\\s*(==|!=|<=|>=|=~|!~|<|>)\\s*(.*?)\\s*",
			Pattern.DOTALL);

	private static final int CACHE_LIMIT = 10_000;

	private static final Map<String, ConditionExpression> cache = new ConcurrentHashMap<>();

	private static final int MAX_ACTUAL = 64;

	private final String text;

	private final Subject subject;

	private final @Nullable String header;

	private final @Nullable String pointer;

	private final Operator operator;

	private final String value;

	private final @Nullable BigDecimal number;

	private final @Nullable Pattern pattern;

	private ConditionExpression(String text, Subject subject, @Nullable String header, @Nullable String pointer,
			Operator operator, String value, @Nullable BigDecimal number, @Nullable Pattern pattern) {
		this.text = text;
		this.subject = subject;
		this.header = header;
		this.pointer = pointer;
		this.operator = operator;
		this.value = value;
		this.number = number;
		this.pattern = pattern;
	}

	static ConditionExpression cached(String text) {
		ConditionExpression known = cache.get(text);
		if (known != null) {
			return known;
		}
		ConditionExpression parsed = parse(text);
		if (cache.size() >= CACHE_LIMIT) {
			cache.clear();
		}
		cache.put(text, parsed);
		return parsed;
	}

	/**
	 * Parse an expression.
	 * @param text the expression
	 * @return the parsed expression
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static ConditionExpression parse(String text) {
		Matcher matcher = SYNTAX.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + shorten(text) + "' is not '<subject> <operator> <value>' with a "
					+ "subject of [STATUS], [RESPONSE_TIME], [BODY], [BODY].path, [HEADER:Name], "
					+ "[CERTIFICATE_DAYS_LEFT], [CONNECTED] or [DNS_RCODE] and an operator of == != < <= > >= =~ !~");
		}
		String name = matcher.group(1);
		Subject subject = name.startsWith("HEADER:") ? Subject.HEADER : Subject.valueOf(name);
		String path = matcher.group(3);
		if (!path.isEmpty() && subject != Subject.BODY) {
			throw new IllegalArgumentException("only [BODY] takes a path, not [" + name + "]");
		}
		Operator operator = Operator.of(matcher.group(4));
		String value = unquote(matcher.group(5));
		BigDecimal number = number(value);
		Pattern pattern = null;
		if (operator.regex) {
			if (subject.numeric || subject == Subject.CONNECTED || subject == Subject.DNS_RCODE) {
				throw new IllegalArgumentException("=~ and !~ apply to [BODY] and [HEADER:Name], not [" + name + "]");
			}
			try {
				pattern = Pattern.compile(value);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException("'" + shorten(value) + "' is not a valid regular expression");
			}
		}
		else if (operator.ordering && number == null) {
			throw new IllegalArgumentException(
					operator.symbol + " compares numbers; '" + shorten(value) + "' is not a number");
		}
		if (subject.numeric && number == null) {
			throw new IllegalArgumentException("[" + name + "] is a number; '" + shorten(value) + "' is not");
		}
		if (subject == Subject.CONNECTED && (operator.ordering || !(value.equals("true") || value.equals("false")))) {
			throw new IllegalArgumentException("[CONNECTED] is compared with == or != to true or false");
		}
		if (subject == Subject.DNS_RCODE && operator.ordering) {
			throw new IllegalArgumentException("[DNS_RCODE] is compared with == or != to a code such as NOERROR");
		}
		return new ConditionExpression(text, subject, (subject == Subject.HEADER) ? matcher.group(2) : null,
				path.isEmpty() ? null : pointer(path), operator, value, number, pattern);
	}

	/**
	 * Why this condition cannot apply to a kind of check.
	 * @param kind the kind
	 * @param https whether an HTTP check's URL is HTTPS
	 * @return the reason, or null when it applies
	 */
	public @Nullable String unfitFor(io.cairn.status.check.CheckKind kind, boolean https) {
		String subjects = switch (kind) {
			case HTTP -> https ? "STATUS RESPONSE_TIME BODY BODY_PATH HEADER CERTIFICATE_DAYS_LEFT CONNECTED"
					: "STATUS RESPONSE_TIME BODY BODY_PATH HEADER CONNECTED";
			case TCP -> "RESPONSE_TIME CONNECTED";
			case TLS -> "RESPONSE_TIME CONNECTED CERTIFICATE_DAYS_LEFT";
			case DNS -> "RESPONSE_TIME BODY DNS_RCODE";
			default -> "";
		};
		String name = (this.subject == Subject.BODY && this.pointer != null) ? "BODY_PATH" : this.subject.name();
		if (java.util.Arrays.asList(subjects.split(" ")).contains(name)) {
			return null;
		}
		String shown = name.equals("BODY_PATH") ? "[BODY].path" : "[" + name + "]";
		if (kind == io.cairn.status.check.CheckKind.HTTP && name.equals("CERTIFICATE_DAYS_LEFT")) {
			return shown + " reads a certificate, which only TLS and https checks have";
		}
		return shown + " does not apply to " + kind.name().toLowerCase(Locale.ROOT) + " checks; they take "
				+ String.join(", ",
						java.util.Arrays.stream(subjects.split(" "))
							.map((s) -> s.equals("BODY_PATH") ? "[BODY].path" : "[" + s + "]")
							.toList());
	}

	/**
	 * Whether this condition reads {@code [CONNECTED]}.
	 * @return true when it does
	 */
	public boolean readsConnected() {
		return this.subject == Subject.CONNECTED;
	}

	/**
	 * Whether the observed value may be content of the answer ({@code [BODY]},
	 * {@code [HEADER:...]}), which messages do not repeat.
	 * @return true for body and header subjects
	 */
	public boolean revealsContent() {
		return this.subject == Subject.BODY || this.subject == Subject.HEADER;
	}

	/**
	 * Evaluate against what a poll observed.
	 * @param observation the observation
	 * @return whether the condition is met and the subject's value
	 */
	public Outcome evaluate(Observation observation) {
		String actual = actual(observation);
		if (actual == null) {
			boolean met = this.operator == Operator.NOT_EQUAL || this.operator == Operator.NOT_MATCHES;
			return new Outcome(met, "(missing)");
		}
		boolean met;
		try {
			met = switch (this.operator) {
				case MATCHES -> find(actual);
				case NOT_MATCHES -> !find(actual);
				case EQUAL -> equal(actual);
				case NOT_EQUAL -> !equal(actual);
				default -> compare(actual);
			};
		}
		catch (TooManyStepsException ex) {
			return new Outcome(false, "(the regular expression took too long)");
		}
		catch (StackOverflowError ex) {
			// java.util.regex recurses once per repetition of some groups: a long body
			// can exhaust the stack, which must fail this condition, not the poller.
			return new Outcome(false, "(the regular expression nests too deep for this answer)");
		}
		return new Outcome(met, shorten(actual));
	}

	private @Nullable String actual(Observation observation) {
		return switch (this.subject) {
			case STATUS -> Integer.toString(observation.httpStatus());
			case RESPONSE_TIME -> Long.toString(observation.latencyMillis());
			case CONNECTED -> Boolean.toString(observation.connected());
			case CERTIFICATE_DAYS_LEFT ->
				(observation.certificateDaysLeft() != null) ? observation.certificateDaysLeft().toString() : null;
			case HEADER -> (this.header != null) ? observation.header(this.header) : null;
			case BODY -> body(observation);
			case DNS_RCODE -> observation.dnsRcode();
		};
	}

	private @Nullable String body(Observation observation) {
		if (this.pointer == null) {
			return new String(observation.body(), StandardCharsets.UTF_8);
		}
		JsonNode json = observation.json();
		if (json == null) {
			return null;
		}
		JsonNode node = json.at(this.pointer);
		if (node == null || node.isMissingNode()) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	private boolean find(String actual) {
		if (this.pattern == null) {
			// parse() compiles a pattern for every =~ and !~
			throw new IllegalStateException("no pattern for " + this.text);
		}
		return this.pattern.matcher(new BoundedSequence(actual, new long[] { REGEX_STEPS })).find();
	}

	private boolean equal(String actual) {
		BigDecimal left = number(actual);
		if (left != null && this.number != null) {
			return left.compareTo(this.number) == 0;
		}
		return actual.equals(this.value);
	}

	private boolean compare(String actual) {
		BigDecimal left = number(actual);
		if (left == null) {
			return false;
		}
		int order = left.compareTo(this.number);
		return switch (this.operator) {
			case LESS -> order < 0;
			case LESS_OR_EQUAL -> order <= 0;
			case GREATER -> order > 0;
			default -> order >= 0;
		};
	}

	private static @Nullable BigDecimal number(String text) {
		if (text.isEmpty() || text.length() > 40) {
			return null;
		}
		try {
			return new BigDecimal(text.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	/** {@code .a.b[0]} as the JSON Pointer {@code /a/b/0}. */
	private static String pointer(String path) {
		StringBuilder pointer = new StringBuilder();
		for (String part : path.replace("[", ".").replace("]", "").split("\\.")) {
			if (!part.isEmpty()) {
				pointer.append('/').append(part.replace("~", "~0"));
			}
		}
		return pointer.toString();
	}

	private static String shorten(String value) {
		String shown = value.replaceAll("\\p{C}", "?");
		return (shown.length() > MAX_ACTUAL) ? shown.substring(0, MAX_ACTUAL) + "…" : shown;
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * A condition's result.
	 *
	 * @param met whether it holds
	 * @param actual the subject's value as seen (shortened), or why there is none
	 */
	public record Outcome(boolean met, String actual) {

	}

	private enum Subject {

		STATUS(true), RESPONSE_TIME(true), BODY(false), HEADER(false), CERTIFICATE_DAYS_LEFT(true), CONNECTED(false),
		DNS_RCODE(false);

		private final boolean numeric;

		Subject(boolean numeric) {
			this.numeric = numeric;
		}

	}

	private enum Operator {

		EQUAL("==", false, false), NOT_EQUAL("!=", false, false), LESS("<", true, false),
		LESS_OR_EQUAL("<=", true, false), GREATER(">", true, false), GREATER_OR_EQUAL(">=", true, false),
		MATCHES("=~", false, true), NOT_MATCHES("!~", false, true);

		private final String symbol;

		private final boolean ordering;

		private final boolean regex;

		Operator(String symbol, boolean ordering, boolean regex) {
			this.symbol = symbol;
			this.ordering = ordering;
			this.regex = regex;
		}

		static Operator of(String symbol) {
			for (Operator operator : values()) {
				if (operator.symbol.equals(symbol)) {
					return operator;
				}
			}
			throw new IllegalArgumentException("unknown operator " + symbol.toLowerCase(Locale.ROOT));
		}

	}

	/** Characters a regular expression reads, counted against a shared budget. */
	private static final class BoundedSequence implements CharSequence {

		private final CharSequence text;

		private final long[] budget;

		BoundedSequence(CharSequence text, long[] budget) {
			this.text = text;
			this.budget = budget;
		}

		@Override
		public char charAt(int index) {
			if (--this.budget[0] < 0) {
				throw new TooManyStepsException();
			}
			return this.text.charAt(index);
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new BoundedSequence(this.text.subSequence(start, end), this.budget);
		}

		@Override
		public String toString() {
			return this.text.toString();
		}

	}

	private static final class TooManyStepsException extends RuntimeException {

		TooManyStepsException() {
			super("too many steps", null, false, false);
		}

	}

}
