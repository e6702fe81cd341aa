package io.cairn.registry.domain;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an instance says about itself beyond where it is.
 *
 * @param tags free-form tags, in the order given
 * @param version the instance's version, if it says
 * @param labels a small string map (for example {@code status-url} for the
 * status-aggregator's discovery)
 */
public record InstanceMetadata(List<String> tags, @Nullable String version, Map<String, String> labels) {

	/** No metadata. */
	public static final InstanceMetadata EMPTY = new InstanceMetadata(List.of(), null, Map.of());

	public InstanceMetadata {
		tags = List.copyOf(tags);
		labels = Map.copyOf(labels);
	}

}
