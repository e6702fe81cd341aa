package io.cairn.support.web;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonProblemMessagesTests {

	private final JsonMapper mapper = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	record Target(int port, String name) {
	}

	@Test
	void describesWhatIsWrongWithoutJavaClassNames() {
		assertThat(describe("{\"port\": ")).startsWith("malformed JSON (line 1");
		assertThat(describe("{\"port\": \"abc\"}")).startsWith("field 'port' has an invalid value 'abc'");
		assertThat(describe("{\"port\": 1, \"name\": \"a\", \"colour\": 1}")).startsWith("unknown field 'colour'");
		assertThat(describe("{\"name\": \"a\"}")).startsWith("field 'port' is missing or null");
		assertThat(describe("[1, 2]")).startsWith("the body has the wrong shape");
		assertThat(describe("{\"port\": \"abc\"}")).doesNotContain("io.cairn").doesNotContain("Target");
	}

	private String describe(String body) {
		try {
			this.mapper.readValue(body, Target.class);
			throw new AssertionError("expected a failure for " + body);
		}
		catch (JacksonException ex) {
			return JsonProblemMessages.describe(ex);
		}
	}

}
