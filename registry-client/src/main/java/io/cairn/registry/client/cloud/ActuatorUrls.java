package io.cairn.registry.client.cloud;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.RegistryInstance;

/**
 * The {@code status-url} and {@code health-url} labels an application registers: the ones
 * configured, or else Actuator's health endpoint on the management port (the
 * application's own unless {@code management.server.port} is set) under
 * {@code management.endpoints.web.base-path}. Nothing when Actuator is absent or the
 * management server is off.
 */
public final class ActuatorUrls {

	private static final String HEALTH_ENDPOINT = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint";

	private final Environment environment;

	private final @Nullable String statusUrl;

	private final @Nullable String healthUrl;

	private final boolean actuatorPresent;

	/**
	 * Create the calculator.
	 * @param environment the application's environment
	 * @param statusUrl a configured status URL, or null
	 * @param healthUrl a configured health URL, or null
	 */
	public ActuatorUrls(Environment environment, @Nullable String statusUrl, @Nullable String healthUrl) {
		this.environment = environment;
		this.statusUrl = statusUrl;
		this.healthUrl = healthUrl;
		this.actuatorPresent = ClassUtils.isPresent(HEALTH_ENDPOINT, ActuatorUrls.class.getClassLoader());
	}

	/**
	 * The labels for an instance.
	 * @param instance the instance, with its port
	 * @return {@code status-url} and {@code health-url}, as far as known
	 */
	Map<String, String> labels(NewInstance instance) {
		String health = (this.healthUrl != null) ? this.healthUrl : actuatorHealth(instance);
		String status = (this.statusUrl != null) ? this.statusUrl : health;
		Map<String, String> labels = new java.util.LinkedHashMap<>();
		if (status != null) {
			labels.put(NewInstance.STATUS_URL, status);
		}
		if (health != null) {
			labels.put(NewInstance.HEALTH_URL, health);
		}
		return labels;
	}

	private @Nullable String actuatorHealth(NewInstance instance) {
		if (!this.actuatorPresent) {
			return null;
		}
		Integer managementPort = this.environment.getProperty("management.server.port", Integer.class);
		if (managementPort != null && managementPort <= 0) {
			// -1: no management server; 0: a random port not known here.
			return null;
		}
		int port = (managementPort != null) ? managementPort : instance.port();
		String contextPath = (managementPort != null) ? this.environment.getProperty("management.server.base-path", "")
				: this.environment.getProperty("server.servlet.context-path", "");
		String basePath = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String health = this.environment.getProperty("management.endpoints.web.path-mapping.health", "health");
		String scheme = instance.secure() ? "https" : "http";
		String authority = new RegistryInstance(instance.name(), instance.host(), port, null, java.util.List.of(), null,
				Map.of())
			.uri()
			.getAuthority();
		return scheme + "://" + authority + path(contextPath) + path(basePath) + path(health);
	}

	private static String path(String segment) {
		String trimmed = segment.trim();
		if (trimmed.isEmpty() || trimmed.equals("/")) {
			return "";
		}
		trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
		return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
	}

}
