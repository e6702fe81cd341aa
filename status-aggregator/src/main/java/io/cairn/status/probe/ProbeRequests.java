package io.cairn.status.probe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.format.HealthFormat;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;

/**
 * Reads and bounds the probe fields of an API request ({@code format}, {@code okStatus},
 * {@code conditions}); every refusal is an {@link InvalidCheckException} naming the
 * field, answered 400.
 */
public final class ProbeRequests {

	/** The request fields this class reads. */
	public static final List<String> FIELDS = List.of("format", "okStatus", "conditions");

	private final ProbeProperties properties;

	/**
	 * Create the reader.
	 * @param properties the bounds
	 */
	public ProbeRequests(ProbeProperties properties) {
		this.properties = properties;
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
		if (absent(format) && absent(okStatus) && absent(conditions)) {
			return null;
		}
		return new Probe(absent(format) ? null : format(format), absent(okStatus) ? List.of() : okStatuses(okStatus),
				absent(conditions) ? List.of() : conditions(conditions));
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
