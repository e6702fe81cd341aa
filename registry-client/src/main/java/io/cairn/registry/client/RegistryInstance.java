package io.cairn.registry.client;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A live instance, as lookups answer it.
 *
 * @param name the service name
 * @param host the host (a name or an IP literal, as registered)
 * @param port the port
 * @param url the URL it registered with, if any (servreg-era clients and emerald's
 * {@code ping(name, url)} give one; https instances of this client do)
 * @param tags its tags
 * @param version its version, if it gave one
 * @param labels its labels
 */
public record RegistryInstance(String name, String host, int port, @Nullable String url, List<String> tags,
		@Nullable String version, Map<String, String> labels) {

	public RegistryInstance {
		tags = List.copyOf(tags);
		labels = Map.copyOf(labels);
	}

	/**
	 * Whether callers should use https: the instance registered an {@code https} URL.
	 * @return true for https
	 */
	public boolean secure() {
		return this.url != null && this.url.regionMatches(true, 0, "https:", 0, 6);
	}

	/**
	 * Where to send requests: {@code scheme://host:port}.
	 * @return the base URI
	 */
	public URI uri() {
		return URI.create((secure() ? "https://" : "http://") + hostPort(this.host, this.port));
	}

	/**
	 * The instance's zone, from its {@value NewInstance#ZONE} label.
	 * @return the zone, or null
	 */
	public @Nullable String zone() {
		return this.labels.get(NewInstance.ZONE);
	}

	static String hostPort(String host, int port) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
