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

	private Platform() {
	}

	/**
	 * Every app, in start order.
	 * @return the apps
	 */
	public static List<PlatformApp> apps() {
		return List.of(REGISTRY);
	}

}
