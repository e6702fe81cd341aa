package io.cairn.registry.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An instance to register: "this endpoint serves this name", with what it says about
 * itself.
 *
 * <pre>{@code
 * NewInstance orders = NewInstance.of("orders", "10.0.0.7", 8080)
 *     .withVersion("1.4.2")
 *     .withZone("eu-west-1a")
 *     .withLabel(NewInstance.STATUS_URL, "http://10.0.0.7:8081/actuator/health");
 * }</pre>
 *
 * @param name the service name (1 to 255 characters, case-sensitive)
 * @param host a DNS name or an IP literal, as callers should reach it
 * @param port the port
 * @param secure whether callers use https (registered as an {@code https://} URL)
 * @param tags free-form tags
 * @param version the instance's version, if it says
 * @param labels a small string map; {@code status-url}, {@code health-url} and
 * {@code zone} are the ones Cairn reads
 */
public record NewInstance(String name, String host, int port, boolean secure, List<String> tags,
		@Nullable String version, Map<String, String> labels) {

	/** The label the status-aggregator polls. */
	public static final String STATUS_URL = "status-url";

	/** The label holding the instance's health endpoint. */
	public static final String HEALTH_URL = "health-url";

	/**
	 * The label holding the instance's zone (Spring Cloud LoadBalancer's zone
	 * preference).
	 */
	public static final String ZONE = "zone";

	public NewInstance {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(host, "host");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("The service name must not be empty");
		}
		if (host.isEmpty()) {
			throw new IllegalArgumentException("The host must not be empty");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("The port must be between 1 and 65535, not " + port);
		}
		tags = List.copyOf(tags);
		labels = Map.copyOf(labels);
	}

	/**
	 * An instance with no metadata, reached over plain http.
	 * @param name the service name
	 * @param host the host
	 * @param port the port
	 * @return the instance
	 */
	public static NewInstance of(String name, String host, int port) {
		return new NewInstance(name, host, port, false, List.of(), null, Map.of());
	}

	/**
	 * This instance with a version.
	 * @param version the version
	 * @return a copy
	 */
	public NewInstance withVersion(@Nullable String version) {
		return new NewInstance(this.name, this.host, this.port, this.secure, this.tags, version, this.labels);
	}

	/**
	 * This instance with tags.
	 * @param tags the tags
	 * @return a copy
	 */
	public NewInstance withTags(List<String> tags) {
		return new NewInstance(this.name, this.host, this.port, this.secure, tags, this.version, this.labels);
	}

	/**
	 * This instance with one more label (or a label replaced).
	 * @param key the label
	 * @param value its value
	 * @return a copy
	 */
	public NewInstance withLabel(String key, String value) {
		Map<String, String> labels = new LinkedHashMap<>(this.labels);
		labels.put(key, value);
		return withLabels(labels);
	}

	/**
	 * This instance with these labels instead of its own.
	 * @param labels the labels
	 * @return a copy
	 */
	public NewInstance withLabels(Map<String, String> labels) {
		return new NewInstance(this.name, this.host, this.port, this.secure, this.tags, this.version, labels);
	}

	/**
	 * This instance in a zone (the {@value #ZONE} label).
	 * @param zone the zone
	 * @return a copy
	 */
	public NewInstance withZone(String zone) {
		return withLabel(ZONE, zone);
	}

	/**
	 * This instance reached over https or http.
	 * @param secure true for https
	 * @return a copy
	 */
	public NewInstance withSecure(boolean secure) {
		return new NewInstance(this.name, this.host, this.port, secure, this.tags, this.version, this.labels);
	}

	/**
	 * How the instance is named in messages.
	 * @return {@code name at host:port}
	 */
	public String describe() {
		return this.name + " at " + RegistryInstance.hostPort(this.host, this.port);
	}

}
