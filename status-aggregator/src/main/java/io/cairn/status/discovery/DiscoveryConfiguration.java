package io.cairn.status.discovery;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.consul.Consul;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.config.StatusConfiguration;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.service.CheckService;
import io.cairn.status.store.CheckStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The discovery sources that are switched on: registry-service when
 * {@code cairn.status.discovery.registry.url} is set, Consul when
 * {@code cairn.status.discovery.consul.enabled} is true, through consul-client's
 * {@link Consul} (configured by {@code cairn.consul.*}) unless a
 * {@link ConsulHealthSource} bean of its own is given.
 */
@Configuration(proxyBeanMethods = false)
public class DiscoveryConfiguration {

	private static final Log logger = LogFactory.getLog(DiscoveryConfiguration.class);

	@Bean
	DiscoveryRunner discoveryRunner(StatusProperties properties, CheckService checks, CheckStore store, LiveChecks live,
			PollScheduler scheduler, JsonMapper mapper, Clock clock, StatusConfiguration.ReplicaId replicaId,
			ObjectProvider<ConsulHealthSource> consulHealth, ObjectProvider<Consul> consul,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		List<CheckSourceAdapter> sources = new ArrayList<>();
		StatusProperties.Discovery discovery = properties.discovery();
		if (discovery.registry().url() != null) {
			Duration timeout = discovery.registry().timeout();
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
				.connectTimeout((timeout.compareTo(Duration.ofSeconds(5)) < 0) ? timeout : Duration.ofSeconds(5))
				.build());
			// The JDK request factory's read timeout covers the whole answer, body
			// included: a registry that trickles its answer cannot hold a round.
			factory.setReadTimeout(timeout);
			sources.add(new RegistryDiscovery(discovery.registry(), checks, mapper,
					RestClient.builder().requestFactory(factory)));
		}
		if (discovery.consul().enabled()) {
			ConsulHealthSource source = consulHealth.getIfAvailable(() -> {
				Consul client = consul.getIfAvailable();
				return (client != null) ? new ConsulClientHealthSource(client) : null;
			});
			if (source != null) {
				sources.add(new ConsulDiscovery(discovery.consul(), source, clock));
			}
			else {
				logger.warn("cairn.status.discovery.consul.enabled is true but no Consul client is available "
						+ "(cairn.consul.enabled=false?); the Consul source is off");
			}
		}
		return new DiscoveryRunner(sources, store, live, checks, scheduler, discovery.leaseTime(),
				discovery.maxChecks(), clock, replicaId.value(), schedulers);
	}

}
