package io.cairn.status.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;

/**
 * Turns a check's conditions and what a poll observed into its result: the state is the
 * worst severity among the conditions that failed (OK when none did), the message names
 * the failed ones, and the document lists every condition with its result
 * ({@code {"conditions": [{"if", "severity", "met", "actual"}]}}).
 * <p>
 * Messages reach {@code /status}, which anyone may read, so they repeat the observed
 * value only for status codes, response times, certificate days and connection states;
 * values read from a body or a header are only in the document, which is shown only with
 * {@code cairn.status.api.show-documents}.
 */
final class ConditionResults {

	private static final int MAX_MESSAGE = 1024;

	private final JsonMapper mapper;

	ConditionResults(JsonMapper mapper) {
		this.mapper = mapper;
	}

	PollResult evaluate(List<Condition> conditions, Observation observation, Instant finishedAt) {
		CheckStatus worst = CheckStatus.OK;
		List<String> failed = new ArrayList<>();
		ObjectNode document = this.mapper.createObjectNode();
		ArrayNode results = document.putArray("conditions");
		for (Condition condition : conditions) {
			ConditionExpression expression = condition.parsed();
			ConditionExpression.Outcome outcome = expression.evaluate(observation);
			ObjectNode result = results.addObject();
			result.put("if", condition.expression());
			result.put("severity", condition.severity().label());
			result.put("met", outcome.met());
			result.put("actual", outcome.actual());
			if (!outcome.met()) {
				worst = CheckStatus.worst(worst, condition.severity());
				failed.add(condition.expression()
						+ (expression.revealsContent() ? "" : " (was " + outcome.actual() + ")"));
			}
		}
		String message = failed.isEmpty()
				? ((conditions.size() == 1) ? "The condition is met" : "All " + conditions.size() + " conditions met")
				: failed.size() + " of " + conditions.size() + " conditions failed: " + String.join("; ", failed);
		if (message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE - 1) + "…";
		}
		return new PollResult(worst, worst.label(), message, this.mapper.writeValueAsString(document), finishedAt,
				observation.latencyMillis(), false);
	}

}
