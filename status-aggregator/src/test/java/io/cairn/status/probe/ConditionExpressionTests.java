package io.cairn.status.probe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The condition syntax: every subject and operator, what is refused, and regular
 * expressions that would backtrack for ever.
 */
class ConditionExpressionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static Observation http(int status, long latency, String body, Map<String, List<String>> headers,
			Long daysLeft) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		Object json = null;
		try {
			json = mapper.readTree(bytes);
		}
		catch (RuntimeException ex) {
			json = null;
		}
		return new Observation(status, latency, bytes, (tools.jackson.databind.JsonNode) json, headers, daysLeft, true,
				null);
	}

	private static boolean met(String expression, Observation observation) {
		return ConditionExpression.parse(expression).evaluate(observation).met();
	}

	@Test
	void everySubjectAndOperator() {
		Observation answer = http(200, 120,
				"{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\", \"pool\": [3, 7]}}, \"load\": 0.75}",
				Map.of("content-type", List.of("application/json"), "x-version", List.of("2.4.1")), 20L);
		assertThat(met("[STATUS] == 200", answer)).isTrue();
		assertThat(met("[STATUS] != 200", answer)).isFalse();
		assertThat(met("[STATUS] < 300", answer)).isTrue();
		assertThat(met("[STATUS] >= 500", answer)).isFalse();
		assertThat(met("[RESPONSE_TIME] < 500", answer)).isTrue();
		assertThat(met("[RESPONSE_TIME] <= 119", answer)).isFalse();
		assertThat(met("[RESPONSE_TIME] > 100", answer)).isTrue();
		assertThat(met("[BODY].status == UP", answer)).isTrue();
		assertThat(met("[BODY].status == \"UP\"", answer)).isTrue();
		assertThat(met("[BODY].components.db.status == UP", answer)).isTrue();
		assertThat(met("[BODY].components.db.pool[1] == 7", answer)).isTrue();
		assertThat(met("[BODY].components.db.pool[1] > 7", answer)).isFalse();
		assertThat(met("[BODY].load < 0.8", answer)).isTrue();
		assertThat(met("[BODY].load == 0.750", answer)).as("numbers compare as numbers").isTrue();
		assertThat(met("[BODY] =~ \"components\"", answer)).isTrue();
		assertThat(met("[BODY] !~ DOWN", answer)).isTrue();
		assertThat(met("[BODY] =~ DOWN", answer)).isFalse();
		assertThat(met("[HEADER:Content-Type] =~ ^application/json", answer)).isTrue();
		assertThat(met("[HEADER:X-Version] == 2.4.1", answer)).isTrue();
		assertThat(met("[CERTIFICATE_DAYS_LEFT] > 14", answer)).isTrue();
		assertThat(met("[CERTIFICATE_DAYS_LEFT] > 30", answer)).isFalse();
		assertThat(met("[CONNECTED] == true", answer)).isTrue();
		assertThat(met("[CONNECTED] == false", answer)).isFalse();
	}

	@Test
	void aMissingSubjectFailsAllButTheNegations() {
		Observation answer = http(200, 5, "not json", Map.of(), null);
		assertThat(ConditionExpression.parse("[BODY].status == UP").evaluate(answer))
			.isEqualTo(new ConditionExpression.Outcome(false, "(missing)"));
		assertThat(met("[BODY].status != UP", answer)).isTrue();
		assertThat(met("[HEADER:X-Missing] == a", answer)).isFalse();
		assertThat(met("[HEADER:X-Missing] !~ a", answer)).isTrue();
		assertThat(met("[CERTIFICATE_DAYS_LEFT] > 0", answer)).isFalse();
		assertThat(met("[BODY] == \"not json\"", answer)).isTrue();
	}

	@Test
	void theObservedValueIsShownShortened() {
		Observation answer = http(503, 5, "x".repeat(500), Map.of(), null);
		assertThat(ConditionExpression.parse("[STATUS] == 200").evaluate(answer).actual()).isEqualTo("503");
		assertThat(ConditionExpression.parse("[BODY] == ok").evaluate(answer).actual()).hasSize(65);
	}

	@Test
	void malformedExpressionsAreRefusedSayingWhy() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("STATUS == 200"))
			.withMessageContaining("<subject> <operator> <value>");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[STATUS] 200"));
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[STATUSES] == 200"));
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[STATUS] == ok"))
			.withMessageContaining("is a number");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[BODY].a < high"))
			.withMessageContaining("compares numbers");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[STATUS].a == 200"))
			.withMessageContaining("only [BODY] takes a path");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[STATUS] =~ 2..$"))
			.withMessageContaining("=~ and !~ apply to");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[BODY] =~ ([a-z]"))
			.withMessageContaining("not a valid regular expression");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[CONNECTED] == yes"))
			.withMessageContaining("true or false");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionExpression.parse("[HEADER:Bad Name] == a"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConditionExpression.parse("[BODY]" + ".a".repeat(17) + " == 1"));
	}

	@Test
	void aBacktrackingRegexFailsItsConditionInsteadOfHoldingThePoller() {
		// Polynomial of a high degree: billions of steps on a 200-character body.
		Observation short_ = http(200, 5, "a".repeat(200) + "!", Map.of(), null);
		assertThat(ConditionExpression.parse("[BODY] =~ (.*a){8}!x").evaluate(short_))
			.isEqualTo(new ConditionExpression.Outcome(false, "(the regular expression took too long)"));
		// On a long body java.util.regex recurses once per repetition and runs out of
		// stack before it runs out of steps: the condition fails all the same.
		Observation long_ = http(200, 5, "a".repeat(20_000) + "!", Map.of(), null);
		assertThat(ConditionExpression.parse("[BODY] =~ ^(a|aa)+$").evaluate(long_)).isEqualTo(
				new ConditionExpression.Outcome(false, "(the regular expression nests too deep for this answer)"));
		assertThat(met("[BODY] =~ a{3}!", long_)).as("an ordinary pattern on the same body").isTrue();
	}

}
