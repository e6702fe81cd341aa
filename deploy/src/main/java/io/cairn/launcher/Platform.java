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

	/**
	 * marathon-consul-bridge on Consular's successor port. With no Marathon and no Consul
	 * configured it idles and says so on its console; it ignores {@code CONSUL_HTTP_ADDR}
	 * here, so that a developer's shell cannot point the local platform at a real
	 * cluster.
	 */
	public static final PlatformApp BRIDGE = new PlatformApp("marathon-consul-bridge",
			Path.of("marathon-consul-bridge/target/marathon-consul-bridge.jar"), 7000, null,
			List.of("--cairn.consul.use-environment=false"));

	private Platform() {
	}

	/**
	 * Every app, in start order.
	 * @return the apps
	 */
	public static List<PlatformApp> apps() {
		return List.of(REGISTRY, STATUS, BRIDGE);
	}

}
