package io.cairn.mesos.autoconfigure;

import java.util.Map;

import org.apache.curator.test.TestingServer;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an in-process ZooKeeper before the application's environment is used and points
 * {@code cairn.mesos.master} and {@code cairn.mesos.marathon.zk} at it, in the manner of
 * spring-cloud-zookeeper's own {@code ZookeeperTestingServer}. Added with
 * {@code SpringApplicationBuilder.listeners(...)}.
 */
class ZooKeeperTestingServer implements GenericApplicationListener {

	private TestingServer server;

	String connectString() {
		return this.server.getConnectString();
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.getRawClass();
		return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
				|| ContextClosedEvent.class.isAssignableFrom(type));
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		try {
			if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
				this.server = new TestingServer(true);
				prepared.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("zookeeperTestingServer",
							Map.of("cairn.mesos.master", "zk://" + this.server.getConnectString() + "/mesos",
									"cairn.mesos.marathon.zk",
									"zk://" + this.server.getConnectString() + "/marathon")));
			}
			else if (this.server != null) {
				this.server.close();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
