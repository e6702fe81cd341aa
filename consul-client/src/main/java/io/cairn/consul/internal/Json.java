package io.cairn.consul.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of Consul's API: PascalCase names ({@code ModifyIndex}), unknown
 * fields ignored (newer Consul versions add fields), nulls left out of request bodies,
 * unknown enum values read as the enum's default, records built without Jackson's
 * per-object spreader ({@link SpreadingCreators}). Readers are built once per type.
 */
public final class Json {

	public static final JsonMapper MAPPER = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.addModule(SpreadingCreators.module())
		.build();

	private static final ObjectWriter WRITER = MAPPER.writer();

	private Json() {
	}

	public static ObjectReader reader(TypeReference<?> type) {
		return MAPPER.readerFor(type);
	}

	public static ObjectReader reader(Class<?> type) {
		return MAPPER.readerFor(type);
	}

	public static byte[] write(Object value) {
		return WRITER.writeValueAsBytes(value);
	}

}
