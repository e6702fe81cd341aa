package io.cairn.support.zookeeper;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Switches Spring Cloud Zookeeper off unless a connect string is configured.
 * <p>
 * Spring Cloud Zookeeper defaults to {@code localhost:2181} and blocks start-up while it
 * retries; a Cairn app must start with no configuration at all, so ZooKeeper features
 * (self-registration, leader election, publishing) are opt-in through
 * {@code spring.cloud.zookeeper.connect-string}. The defaults are added last, so an
 * explicit {@code spring.cloud.zookeeper.enabled} still wins.
 */
public class ZookeeperSwitchEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property that switches ZooKeeper features on. */
	public static final String CONNECT_STRING = "spring.cloud.zookeeper.connect-string";

	static final String PROPERTY_SOURCE_NAME = "cairnZookeeperDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty(CONNECT_STRING))) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("spring.cloud.zookeeper.enabled", "false",
					"spring.cloud.zookeeper.discovery.enabled", "false")));
	}

	@Override
	public int getOrder() {
		// After config data has been loaded, so that a connect string in application.yaml
		// counts.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
