package io.cairn.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The apps {@code ./cairn up} starts, in start order, and the examples
 * {@code --with-examples} adds. Ports are each app's standard port (its
 * {@code server.port} default).
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

	/**
	 * The example service (examples/hello-service), with registry-client's starter: it
	 * registers itself in registry-service. Its own default port is a free one (several
	 * instances on one machine); the launcher gives it this one, so that it can be
	 * probed.
	 */
	public static final PlatformApp HELLO_SERVICE = new PlatformApp("hello-service",
			Path.of("examples/hello-service/target/hello-service.jar"), 8090, null, List.of(), "/hello");

	/**
	 * The example caller (examples/hello-caller), on its standard port: {@code /call}
	 * reaches hello-service by name through a {@code @LoadBalanced RestClient}.
	 */
	public static final PlatformApp HELLO_CALLER = new PlatformApp("hello-caller",
			Path.of("examples/hello-caller/target/hello-caller.jar"), 8095, null, List.of(), "/call");

	private Platform() {
	}

	/**
	 * Every app, in start order.
	 * @return the apps
	 */
	public static List<PlatformApp> apps() {
		return List.of(REGISTRY, STATUS, BRIDGE);
	}

	/**
	 * The examples {@code --with-examples} adds, in start order (after the apps: the
	 * service registers in a running registry, the caller finds it there).
	 * @return the examples
	 */
	public static List<PlatformApp> examples() {
		return List.of(HELLO_SERVICE, HELLO_CALLER);
	}

	/**
	 * Whether an app is one of the examples (a client of the registry, with no database,
	 * ZooKeeper or data folder of its own).
	 * @param app the app
	 * @return true for an example
	 */
	static boolean isExample(PlatformApp app) {
		return examples().stream().anyMatch((example) -> example.name().equals(app.name()));
	}

}
