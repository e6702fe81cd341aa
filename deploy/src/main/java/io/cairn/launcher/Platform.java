package io.cairn.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The apps {@code ./cairn up} starts, in start order. Ports are each app's standard port
 * (its {@code server.port} default).
 */
public final class Platform {

	/** registry-service on its servreg-compatible port. */
	public static final PlatformApp REGISTRY = new PlatformApp("registry-service",
			Path.of("registry-service/target/registry-service.jar"), 5000, "registry", List.of());

	/**
	 * status-aggregator on Megaphone's port; it discovers checks from the registry (the
	 * launcher passes the registry's URL, port offset included).
	 */
	public static final PlatformApp STATUS = new PlatformApp("status-aggregator",
			Path.of("status-aggregator/target/status-aggregator.jar"), 18001, "status", List.of());

	private Platform() {
	}

	/**
	 * Every app, in start order.
	 * @return the apps
	 */
	public static List<PlatformApp> apps() {
		return List.of(REGISTRY, STATUS);
	}

}
