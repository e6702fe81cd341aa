package io.cairn.consul.model.connect;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An intention: whether a source service may connect to a destination
 * ({@code /connect/intentions}). Since Consul 1.9 intentions live in
 * {@code service-intentions} config entries and have no ID of their own.
 *
 * @param id the legacy ID, empty for intentions kept in config entries
 * @param description a description
 * @param sourceNs the source namespace (Enterprise; {@code default} otherwise)
 * @param sourceName the source service, or {@code *}
 * @param destinationNs the destination namespace
 * @param destinationName the destination service, or {@code *}
 * @param sourceType {@code consul}
 * @param action allow or deny; {@code null} for an L7 intention with permissions
 * @param permissions L7 permissions as Consul writes them ({@code Action}, {@code HTTP}),
 * or {@code null}
 * @param precedence the evaluation order: higher first (9 for two exact names, 5 for two
 * wildcards)
 * @param createIndex the creation index of its config entry
 * @param modifyIndex the last modification index of its config entry
 */
public record Intention(@JsonProperty("ID") @Nullable String id, @Nullable String description,
		@JsonProperty("SourceNS") @Nullable String sourceNs, String sourceName,
		@JsonProperty("DestinationNS") @Nullable String destinationNs, String destinationName,
		@Nullable String sourceType, @Nullable IntentionAction action, @Nullable List<Map<String, Object>> permissions,
		int precedence, long createIndex, long modifyIndex) {
}
