package io.cairn.consul.model.event;

import org.jspecify.annotations.Nullable;

/**
 * Regular expressions restricting which agents act on (or which list shows) an event.
 *
 * @param node a node name regex
 * @param service a service name regex
 * @param tag a tag regex (with a service)
 */
public record EventFilter(@Nullable String node, @Nullable String service, @Nullable String tag) {

	/** No filter. */
	public static final EventFilter NONE = new EventFilter(null, null, null);

}
