package io.cairn.registry.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads an instance from a {@code registry_instance} row selected with {@link #COLUMNS}.
 */
final class InstanceRowMapper implements RowMapper<Instance> {

	static final String COLUMNS = "name, host, port, url, tags, version, labels, first_seen, last_seen";

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Instant aliveAfter;

	InstanceRowMapper(Instant aliveAfter) {
		this.aliveAfter = aliveAfter;
	}

	@Override
	public Instance mapRow(ResultSet rs, int rowNum) throws SQLException {
		Array tagArray = rs.getArray("tags");
		List<String> tags = (tagArray != null) ? Arrays.asList((String[]) tagArray.getArray()) : List.of();
		String labelJson = rs.getString("labels");
		Map<String, String> labels = (labelJson != null) ? json.readValue(labelJson, LABELS) : Map.of();
		Instant lastSeen = instant(rs, "last_seen");
		return new Instance(rs.getString("name"), new Endpoint(rs.getString("host"), rs.getInt("port")),
				rs.getString("url"), new InstanceMetadata(tags, rs.getString("version"), labels),
				instant(rs, "first_seen"), lastSeen, lastSeen.isAfter(this.aliveAfter));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
