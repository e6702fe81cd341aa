package io.cairn.status.probe;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.FlapSpec;
import io.cairn.status.format.HealthFormat;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads and bounds the probe fields of an API request ({@code format}, {@code okStatus},
 * {@code conditions}); every refusal is an {@link InvalidCheckException} naming the
 * field, answered 400.
 */
public final class ProbeRequests {

	/** The request fields this class reads. */
	public static final List<String> FIELDS = List.of("format", "okStatus", "conditions", "method", "headers", "body",
			"auth", "push", "flapping");

	private final ProbeProperties properties;

	private final HttpRequestFields httpRequests;

	/**
	 * Create the reader.
	 * @param properties the bounds
	 */
	public ProbeRequests(ProbeProperties properties) {
		this(properties, null);
	}

	/**
	 * Create the reader that also checks that the secrets checks name are set.
	 * @param properties the bounds
	 * @param secrets the secrets, or null to accept any well-formed name
	 */
	public ProbeRequests(ProbeProperties properties, @Nullable CheckSecrets secrets) {
		this.properties = properties;
		this.httpRequests = new HttpRequestFields(properties, secrets);
	}

	/**
	 * Read the probe fields of a request body.
	 * @param body the request's JSON object
	 * @return the probe, or null when the body has none of its fields
	 */
	public @Nullable Probe read(JsonNode body) {
		JsonNode format = body.get("format");
		JsonNode okStatus = body.get("okStatus");
		JsonNode conditions = body.get("conditions");
		HttpRequestSpec request = this.httpRequests.read(body);
		JsonNode push = body.get("push");
		JsonNode flapping = body.get("flapping");
		if (absent(format) && absent(okStatus) && absent(conditions) && request == null && absent(push)
				&& absent(flapping)) {
			return null;
		}
		return new Probe(absent(format) ? null : format(format), absent(okStatus) ? List.of() : okStatuses(okStatus),
				absent(conditions) ? List.of() : conditions(conditions), request, absent(push) ? null : push(push),
				absent(flapping) ? null : flapping(flapping));
	}

	/**
	 * A check's own flap thresholds: {@code {"low": 5, "high": 20}} (percent state
	 * change, 0 to 100, low below high) or {@code {"enabled": false}}.
	 */
	private static FlapSpec flapping(JsonNode node) {
		String rule = "'flapping' must be {\"low\": <percent>, \"high\": <percent>} with 0 <= low < high <= 100, "
				+ "or {\"enabled\": false}.";
		if (!node.isObject()) {
			throw new InvalidCheckException("flapping", rule);
		}
		for (String name : node.propertyNames()) {
			if (!name.equals("enabled") && !name.equals("low") && !name.equals("high")) {
				throw new InvalidCheckException("flapping." + CheckService.echo(name), rule);
			}
		}
		JsonNode enabled = node.get("enabled");
		if (enabled != null && !enabled.isBoolean()) {
			throw new InvalidCheckException("flapping.enabled", rule);
		}
		if (enabled != null && !enabled.booleanValue()) {
			if (node.has("low") || node.has("high")) {
				throw new InvalidCheckException("flapping", rule);
			}
			return FlapSpec.OFF;
		}
		double low = percent(node.get("low"), "flapping.low", rule);
		double high = percent(node.get("high"), "flapping.high", rule);
		if (!(low < high)) {
			throw new InvalidCheckException("flapping.low", rule);
		}
		return new FlapSpec(true, low, high);
	}

	private static double percent(@Nullable JsonNode node, String field, String rule) {
		if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0
				|| node.asDouble() > 100) {
			throw new InvalidCheckException(field, rule);
		}
		return node.asDouble();
	}

	private PushSpec push(JsonNode node) {
		Duration min = this.properties.pushMinTtl();
		Duration max = this.properties.pushMaxTtl();
		if (!node.isObject()) {
			throw new InvalidCheckException("push", "'push' must be an object such as {\"ttl\": \"5m\"}.");
		}
		for (String name : node.propertyNames()) {
			if (!name.equals("ttl") && !name.equals("onExpiry")) {
				throw new InvalidCheckException("push." + CheckService.echo(name),
						"'push' has 'ttl' and 'onExpiry' only.");
			}
		}
		String rule = "'push.ttl' must be a duration (\"90s\", \"5m\", or seconds) from " + min.toSeconds()
				+ " s (cairn.status.probes.push-min-ttl) to " + max.toSeconds()
				+ " s (cairn.status.probes.push-max-ttl).";
		JsonNode given = node.get("ttl");
		Duration ttl;
		if (given != null && given.isIntegralNumber() && given.canConvertToLong()) {
			ttl = Duration.ofSeconds(Math.max(-1, Math.min(given.asLong(), Duration.ofDays(3650).toSeconds())));
		}
		else if (given != null && given.isString() && given.stringValue().length() <= 32) {
			try {
				ttl = DurationStyle.detectAndParse(given.stringValue().trim(), ChronoUnit.SECONDS);
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				throw new InvalidCheckException("push.ttl", rule);
			}
		}
		else {
			throw new InvalidCheckException("push.ttl", rule);
		}
		if (ttl.compareTo(min) < 0 || ttl.compareTo(max) > 0) {
			throw new InvalidCheckException("push.ttl", rule);
		}
		CheckStatus onExpiry = CheckStatus.CRITICAL;
		JsonNode expiry = node.get("onExpiry");
		if (expiry != null && !expiry.isNull()) {
			String expiryRule = "'push.onExpiry' must be Critical or Unknown.";
			if (!expiry.isString()) {
				throw new InvalidCheckException("push.onExpiry", expiryRule);
			}
			onExpiry = CheckStatus.parse(expiry.stringValue())
				.filter((status) -> status == CheckStatus.CRITICAL || status == CheckStatus.UNKNOWN)
				.orElseThrow(() -> new InvalidCheckException("push.onExpiry", expiryRule));
		}
		return new PushSpec(ttl.toSeconds(), onExpiry);
	}

	private static boolean absent(@Nullable JsonNode node) {
		return node == null || node.isNull();
	}

	private static HealthFormat format(JsonNode node) {
		if (!node.isString() || node.stringValue().length() > 32) {
			throw new InvalidCheckException("format", formats());
		}
		return HealthFormat.parse(node.stringValue()).orElseThrow(() -> new InvalidCheckException("format", formats()));
	}

	private static String formats() {
		return "'format' must be one of auto, megaphone, actuator, consul, kubernetes, plain.";
	}

	private List<Integer> okStatuses(JsonNode node) {
		int max = this.properties.maxOkStatuses();
		String rule = "'okStatus' must be an array of at most " + max
				+ " HTTP status codes from 100 to 599 (cairn.status.probes.max-ok-statuses).";
		if (!node.isArray() || node.size() > max || node.isEmpty()) {
			throw new InvalidCheckException("okStatus", rule);
		}
		Set<Integer> codes = new LinkedHashSet<>();
		for (JsonNode code : node) {
			if (!code.isIntegralNumber() || !code.canConvertToInt() || code.asInt() < 100 || code.asInt() > 599) {
				throw new InvalidCheckException("okStatus", rule);
			}
			codes.add(code.asInt());
		}
		return List.copyOf(codes);
	}

	private List<Condition> conditions(JsonNode node) {
		int max = this.properties.maxConditions();
		if (!node.isArray()) {
			throw new InvalidCheckException("conditions",
					"'conditions' must be an array of expressions or {\"if\": ..., \"severity\": ...} objects.");
		}
		if (node.size() > max) {
			throw new InvalidCheckException("conditions",
					"'conditions' has more than " + max + " entries (cairn.status.probes.max-conditions).");
		}
		List<Condition> conditions = new ArrayList<>();
		int index = 0;
		for (JsonNode entry : node) {
			conditions.add(condition(entry, "conditions[" + index + "]"));
			index++;
		}
		return conditions;
	}

	private Condition condition(JsonNode entry, String field) {
		JsonNode expression = entry;
		CheckStatus severity = CheckStatus.CRITICAL;
		if (entry.isObject()) {
			for (String name : entry.propertyNames()) {
				if (!name.equals("if") && !name.equals("severity")) {
					throw new InvalidCheckException(field + "." + CheckService.echo(name),
							"A condition has 'if' and 'severity' only.");
				}
			}
			expression = entry.get("if");
			JsonNode given = entry.get("severity");
			if (given != null && !given.isNull()) {
				severity = severity(given, field + ".severity");
			}
			field = field + ".if";
		}
		if (expression == null || !expression.isString() || expression.stringValue().isBlank()) {
			throw new InvalidCheckException(field,
					"'" + field + "' must be an expression such as " + "\"[STATUS] == 200\" (a string).");
		}
		String text = expression.stringValue().trim();
		int longest = this.properties.maxExpressionLength();
		if (text.length() > longest) {
			throw new InvalidCheckException(field, "'" + field + "' is longer than " + longest
					+ " characters (cairn.status.probes.max-expression-length).");
		}
		if (text.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidCheckException(field, "'" + field + "' must not contain control characters.");
		}
		try {
			ConditionExpression.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCheckException(field, "'" + field + "' is not usable: " + ex.getMessage() + ".");
		}
		return new Condition(text, severity);
	}

	private static CheckStatus severity(JsonNode node, String field) {
		String rule = "'" + field + "' must be Warning, Critical or Unknown.";
		if (!node.isString()) {
			throw new InvalidCheckException(field, rule);
		}
		CheckStatus status = CheckStatus.parse(node.stringValue())
			.orElseThrow(() -> new InvalidCheckException(field, rule));
		if (status == CheckStatus.OK) {
			throw new InvalidCheckException(field, rule);
		}
		return status;
	}

}
