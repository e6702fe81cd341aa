package io.cairn.consul.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;

import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.kv.KeyValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON mapping, and records built through {@link SpreadingCreators}: same values,
 * defaults and errors as Jackson's own constructor call.
 */
class JsonTests {

	@Test
	void recordsAreBuiltWithTheirPrimitivesBoxesAndDefaults() {
		KeyValue entry = Json.reader(KeyValue.class)
			.readValue("{\"Key\":\"a/b\",\"Value\":\"dmFsdWU=\",\"ModifyIndex\":9007199254740993,\"Flags\":42}");
		assertThat(entry.key()).isEqualTo("a/b");
		assertThat(entry.valueAsString()).contains("value");
		assertThat(entry.modifyIndex()).as("beyond a double's precision").isEqualTo(9007199254740993L);
		assertThat(entry.flags()).isEqualTo(42);
		assertThat(entry.createIndex()).as("missing primitive").isZero();
		assertThat(entry.lockIndex()).as("missing primitive").isZero();
		assertThat(entry.session()).isNull();
	}

	@Test
	void nestedRecordsListsAndMapsDecode() {
		List<ServiceHealth> instances = Json.reader(new TypeReference<List<ServiceHealth>>() {
		})
			.readValue("[{\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\",\"Meta\":{\"rack\":\"r1\"}},"
					+ "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Tags\":[\"v1\"],\"Port\":8080},"
					+ "\"Checks\":[{\"CheckID\":\"c\",\"Status\":\"critical\",\"ServiceTags\":null}]}]");
		ServiceHealth instance = instances.get(0);
		assertThat(instance.node().node()).isEqualTo("n1");
		assertThat(instance.node().meta()).isEqualTo(Map.of("rack", "r1"));
		assertThat(instance.service().port()).isEqualTo(8080);
		assertThat(instance.service().tags()).containsExactly("v1");
		assertThat(instance.aggregatedStatus()).isEqualTo(CheckStatus.CRITICAL);
	}

	@Test
	void aConstructorThatRejectsItsArgumentsIsADecodeError() {
		assertThatThrownBy(() -> Json.reader(Strict.class).readValue("{\"Name\":\"\"}"))
			.isInstanceOf(DatabindException.class)
			.hasMessageContaining("a name is required")
			.rootCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(Json.reader(Strict.class).<Strict>readValue("{\"Name\":\"x\"}").name()).isEqualTo("x");
	}

	@Test
	void typesItCannotReachAreStillBuiltByJackson() {
		Hidden hidden = Json.reader(Hidden.class).readValue("{\"Count\":3}");
		assertThat(hidden.count()).isEqualTo(3);
	}

	/**
	 * A public record whose constructor validates.
	 *
	 * @param name must not be empty
	 */
	public record Strict(String name) {

		public Strict {
			if (name.isEmpty()) {
				throw new IllegalArgumentException("a name is required");
			}
		}

	}

	record Hidden(int count) {
	}

}
