package io.cairn.status.publish;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.curator.framework.CuratorFramework;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.api.StatusRenderer;
import io.cairn.status.config.StatusConfiguration;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.config.StatusTimers;
import io.cairn.status.store.CheckStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publisher, with Spring Cloud Zookeeper's {@link CuratorFramework} when a connect
 * string is configured.
 */
@Configuration(proxyBeanMethods = false)
public class PublishConfiguration {

	@Bean
	Publisher publisher(LiveChecks live, ObjectProvider<CuratorFramework> curator, CheckStore store,
			StatusRenderer renderer, JsonMapper mapper, StatusProperties properties, Clock clock,
			StatusConfiguration.ReplicaId replicaId, StatusTimers timers, MeterRegistry meters,
			ThreadPoolTaskExecutorBuilder executors) {
		return new Publisher(live, curator.getIfAvailable(), store, renderer, mapper, properties, clock,
				replicaId.value(), timers.executor(), meters, executors);
	}

}
