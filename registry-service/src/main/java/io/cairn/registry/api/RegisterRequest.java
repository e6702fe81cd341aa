package io.cairn.registry.api;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A registration or renewal through REST: {@code host} and {@code port}, or a
 * {@code url}.
 *
 * @param name the service name
 * @param host the host (a name or an IP literal)
 * @param port the port
 * @param url an http(s) URL instead of host and port
 * @param tags tags to store (omit to keep the stored ones)
 * @param version a version to store
 * @param labels labels to store
 */
public record RegisterRequest(@Nullable String name, @Nullable String host, @Nullable Integer port,
		@Nullable String url, @Nullable List<String> tags, @Nullable String version,
		@Nullable Map<String, String> labels) {

}
