package io.cairn.bridge.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.Bridge;
import io.cairn.bridge.event.CallbackSubscriptions;
import io.cairn.bridge.settings.BridgeProperties.Election;
import io.cairn.bridge.consul.AgentClients;
import io.cairn.bridge.consul.AgentHosts;
import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.event.EventDispatcher;
import io.cairn.bridge.event.EventIntake;
import io.cairn.bridge.event.EventParser;
import io.cairn.bridge.leader.ConsulLeadership;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.leader.SoloLeadership;
import io.cairn.bridge.leader.ZookeeperLeadership;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.event.CallbackSubscriber;
import io.cairn.bridge.event.CallbackTokenExemption;
import io.cairn.bridge.event.EventStreamReader;
import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonLocator;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.settings.BridgeSetup;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;
import io.cairn.bridge.api.ConsulAgentHealthIndicator;
import io.cairn.bridge.api.MarathonHealthIndicator;
import io.cairn.bridge.status.Secrets;
import io.cairn.bridge.sync.AgentWatch;
import io.cairn.bridge.sync.EventApplier;
import io.cairn.bridge.sync.FullSync;
import io.cairn.bridge.sync.KnownApps;
import io.cairn.bridge.sync.Reconciler;
import io.cairn.bridge.sync.SyncScheduler;
import io.cairn.bridge.sync.SyncSources;
import io.cairn.bridge.sync.SyncTargets;
import io.cairn.bridge.sync.Tombstones;
import io.cairn.consul.Consul;
import io.cairn.consul.autoconfigure.ConsulBuilderFactory;
import io.cairn.consul.autoconfigure.ConsulProperties;
import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.cairn.support.security.CairnSecurityProperties;
import io.cairn.support.zookeeper.ZookeeperSwitchEnvironmentPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The bridge's parts and how they connect. Nothing here talks to Marathon or Consul at
 * start-up: {@link Bridge} starts the work once the context is up, and only when both are
 * configured.
 * <p>
 * Threads: each part builds its own executor or scheduler from Boot's builders
 * ({@code ThreadPoolTaskExecutorBuilder}, {@code ThreadPoolTaskSchedulerBuilder},
 * {@code SimpleAsyncTaskSchedulerBuilder}, so named threads, {@code spring.task.*} and
 * virtual threads where Boot enables them) and closes it with itself. None is a bean: an
 * {@code Executor} or {@code TaskScheduler} bean would switch off Boot's
 * {@code applicationTaskExecutor}, which Spring MVC's asynchronous requests use.
 * Curator's own threads (the {@code LeaderLatch}, the connection) stay Curator's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
public class BridgeConfiguration {

	/**
	 * Marathon's JSON, read leniently: Marathon adds fields in every version. Kept out of
	 * the context so that the API's own strict mapper stays Boot's.
	 */
	static final JsonMapper MARATHON_JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	@Bean
	Clock bridgeClock() {
		return Clock.systemUTC();
	}

	/**
	 * The secrets the bridge holds, masked in everything it shows and logs.
	 */
	@Bean
	Secrets bridgeSecrets(CairnSecurityProperties security, ConsulProperties consul, BridgeProperties properties) {
		return new Secrets(Arrays.asList(security.token(), consul.token(), properties.marathon().password()));
	}

	@Bean
	Activity bridgeActivity(Clock bridgeClock, Secrets bridgeSecrets) {
		return new Activity(bridgeClock, bridgeSecrets);
	}

	@Bean
	BridgeMetrics bridgeMetrics(MeterRegistry registry) {
		return new BridgeMetrics(registry);
	}

	@Bean
	ServiceMapper serviceMapper(BridgeProperties properties) {
		return new ServiceMapper(properties);
	}

	@Bean
	MarathonLocator marathonLocator(BridgeProperties properties, ObjectProvider<MarathonLeaderDetector> detector) {
		BridgeProperties.Marathon marathon = properties.marathon();
		MarathonHttpLeaderLookup lookup = marathon.urls().isEmpty() ? null
				: MarathonHttpLeaderLookup.of(marathon.urls(), httpClient(marathon, null), marathon.requestTimeout(),
						marathon.username(), marathon.password());
		return new MarathonLocator(marathon.urls(), marathon.followLeader(), marathon.scheme(),
				detector.getIfAvailable(), lookup);
	}

	@Bean
	MarathonClient marathonClient(MarathonLocator marathonLocator, BridgeProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		BridgeProperties.Marathon marathon = properties.marathon();
		SSLContext ssl = null;
		if (marathon.sslBundle() != null) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException("cairn.bridge.marathon.ssl-bundle is set but no SSL bundles exist");
			}
			ssl = bundles.getBundle(marathon.sslBundle()).createSslContext();
		}
		return new MarathonClient(marathonLocator, httpClient(marathon, ssl), marathon, MARATHON_JSON);
	}

	private static HttpClient httpClient(BridgeProperties.Marathon marathon, @Nullable SSLContext ssl) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(marathon.connectTimeout())
			.followRedirects(HttpClient.Redirect.NORMAL);
		if (ssl != null) {
			builder.sslContext(ssl);
		}
		return builder.build();
	}

	@Bean
	BridgeSetup bridgeSetup(MarathonLocator marathonLocator, ConsulProperties consulProperties) {
		return BridgeSetup.detect(marathonLocator.configured(), consulProperties, System.getenv());
	}

	@Bean
	Leadership leadership(BridgeProperties properties, ObjectProvider<CuratorFramework> curator, Consul consul,
			Environment environment, ThreadPoolTaskExecutorBuilder executors) {
		BridgeProperties.Leader leader = properties.leader();
		String id = (leader.id() != null && !leader.id().isBlank()) ? leader.id() : defaultId(environment);
		boolean zookeeperConfigured = environment
			.getProperty(ZookeeperSwitchEnvironmentPostProcessor.CONNECT_STRING, "")
			.isBlank() == false;
		Election election = leader.election();
		if (election == Election.AUTO) {
			election = zookeeperConfigured ? Election.ZOOKEEPER : Election.CONSUL;
		}
		return switch (election) {
			case ZOOKEEPER -> {
				CuratorFramework client = curator.getIfAvailable();
				if (client == null) {
					throw new IllegalStateException("cairn.bridge.leader.election=zookeeper needs "
							+ ZookeeperSwitchEnvironmentPostProcessor.CONNECT_STRING);
				}
				yield new ZookeeperLeadership(client, leader.zookeeperPath(), id, executors);
			}
			case CONSUL -> new ConsulLeadership(consul, leader.consulKey(), id, leader.consulSessionTtl());
			default -> new SoloLeadership(id);
		};
	}

	private static String defaultId(Environment environment) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "localhost";
		}
		String port = environment.getProperty("server.port", "7000");
		return host + ":" + (port.equals("0") ? UUID.randomUUID().toString().substring(0, 8) : port);
	}

	@Bean(destroyMethod = "close")
	AgentClients agentClients(BridgeProperties properties, ConsulProperties consulProperties,
			ConsulBuilderFactory consulBuilderFactory, Consul consul) {
		return new AgentClients(properties.consul(), consulProperties, consulBuilderFactory, consul);
	}

	@Bean
	RegistrationIndex registrationIndex() {
		return new RegistrationIndex();
	}

	@Bean
	Tombstones tombstones(Clock bridgeClock) {
		return new Tombstones(bridgeClock);
	}

	@Bean
	KnownApps knownApps() {
		return new KnownApps();
	}

	@Bean
	AgentHosts agentHosts(BridgeProperties properties) {
		return new AgentHosts(properties.consul().agents().keySet());
	}

	@Bean
	Registrar registrar(AgentClients agentClients, RegistrationIndex registrationIndex, Leadership leadership,
			ServiceMapper serviceMapper, AgentHosts agentHosts, BridgeProperties properties, Secrets bridgeSecrets) {
		return new Registrar(agentClients, registrationIndex, leadership, serviceMapper, agentHosts,
				properties.consul(), bridgeSecrets);
	}

	@Bean
	SyncSources syncSources(MarathonClient marathonClient, ServiceMapper serviceMapper, KnownApps knownApps,
			Tombstones tombstones) {
		return new SyncSources(marathonClient, serviceMapper, knownApps, tombstones);
	}

	/**
	 * Where syncs write; KV labels only when {@code cairn.bridge.kv.enabled}.
	 */
	@Bean
	SyncTargets syncTargets(AgentClients agentClients, Registrar registrar, RegistrationIndex registrationIndex,
			AgentHosts agentHosts, Consul consul, Leadership leadership, BridgeProperties properties) {
		LabelWriter labels = properties.kv().enabled()
				? new LabelWriter(consul, leadership, properties.kv(), MARATHON_JSON) : null;
		return new SyncTargets(agentClients, registrar, registrationIndex, labels, agentHosts);
	}

	@Bean(destroyMethod = "close")
	FullSync fullSync(SyncSources syncSources, SyncTargets syncTargets, Leadership leadership,
			BridgeProperties properties, Activity bridgeActivity, BridgeMetrics bridgeMetrics, Clock bridgeClock,
			ThreadPoolTaskExecutorBuilder executors) {
		return new FullSync(syncSources, syncTargets, leadership, properties, bridgeActivity, bridgeMetrics,
				bridgeClock, executors);
	}

	@Bean(destroyMethod = "close")
	SyncScheduler syncScheduler(FullSync fullSync, BridgeProperties properties,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		return new SyncScheduler(fullSync, properties.sync().interval(), schedulers);
	}

	@Bean(destroyMethod = "close")
	AgentWatch agentWatch(RegistrationIndex registrationIndex, Registrar registrar, SyncScheduler syncScheduler,
			BridgeProperties properties, Activity bridgeActivity, SimpleAsyncTaskSchedulerBuilder schedulers) {
		return new AgentWatch(registrationIndex, registrar, syncScheduler::requestRepair,
				properties.sync().agentCheckInterval(), bridgeActivity, schedulers);
	}

	@Bean
	Reconciler reconciler(SyncSources syncSources, SyncTargets syncTargets, BridgeMetrics bridgeMetrics,
			BridgeProperties properties) {
		return new Reconciler(syncSources, syncTargets, bridgeMetrics, properties.sync().purge());
	}

	@Bean(destroyMethod = "close")
	EventDispatcher eventDispatcher(Reconciler reconciler, SyncScheduler syncScheduler, Activity bridgeActivity,
			BridgeMetrics bridgeMetrics, BridgeProperties properties, ThreadPoolTaskExecutorBuilder executors) {
		EventApplier applier = new EventApplier(reconciler, bridgeActivity, bridgeMetrics,
				() -> syncScheduler.requestRepair("repair"));
		return new EventDispatcher(properties.events().workers(), properties.events().queueCapacity(), applier, () -> {
			bridgeActivity.error("overflow", "the event queue is full (cairn.bridge.events.queue-capacity); "
					+ "events are dropped and a full sync was requested");
			syncScheduler.requestRepair("overflow");
		}, executors);
	}

	@Bean
	EventIntake eventIntake(EventDispatcher eventDispatcher, BridgeSetup bridgeSetup, Leadership leadership,
			BridgeMetrics bridgeMetrics, Activity bridgeActivity, SyncScheduler syncScheduler) {
		return new EventIntake(new EventParser(MARATHON_JSON), eventDispatcher,
				() -> bridgeSetup.configured() && leadership.isLeader(), bridgeMetrics, bridgeActivity,
				() -> syncScheduler.requestRepair("oversized event"));
	}

	@Bean(destroyMethod = "close")
	EventStreamReader eventStreamReader(MarathonClient marathonClient, EventIntake eventIntake,
			SyncScheduler syncScheduler, BridgeProperties properties, Activity bridgeActivity,
			BridgeMetrics bridgeMetrics, Clock bridgeClock, SimpleAsyncTaskSchedulerBuilder schedulers) {
		return new EventStreamReader(marathonClient, eventIntake,
				() -> syncScheduler.request("stream connected", false), properties.events(), bridgeActivity,
				bridgeMetrics, bridgeClock, schedulers);
	}

	@Bean(destroyMethod = "close")
	CallbackSubscriptions callbackSubscriptions(MarathonClient marathonClient, BridgeProperties properties,
			CairnSecurityProperties security, Activity bridgeActivity, SimpleAsyncTaskSchedulerBuilder schedulers) {
		BridgeProperties.Callback callback = properties.events().callback();
		if (!callback.subscribe() || callback.advertisedUrl() == null) {
			return new CallbackSubscriptions(null);
		}
		return new CallbackSubscriptions(new CallbackSubscriber(marathonClient, callback.advertisedUrl(),
				security.tokenRequired() ? security.token() : null, callback.checkInterval(), bridgeActivity,
				schedulers));
	}

	@Bean
	CallbackTokenExemption callbackTokenExemption() {
		return new CallbackTokenExemption();
	}

	@Bean
	Bridge bridge(BridgeSetup bridgeSetup, Leadership leadership, EventStreamReader eventStreamReader,
			CallbackSubscriptions callbackSubscriptions, SyncScheduler syncScheduler, EventDispatcher eventDispatcher,
			AgentWatch agentWatch, MarathonLocator marathonLocator, BridgeProperties properties,
			BridgeMetrics bridgeMetrics, RegistrationIndex registrationIndex, KnownApps knownApps) {
		Bridge bridge = new Bridge(bridgeSetup, leadership, eventStreamReader, callbackSubscriptions.subscriber(),
				syncScheduler, eventDispatcher, agentWatch, marathonLocator, properties);
		bridgeMetrics.gauges(bridge::acting, registrationIndex::size, eventDispatcher::pending,
				() -> eventStreamReader.state().status() == EventStreamReader.Status.CONNECTED, knownApps::leftOut);
		return bridge;
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("marathon")
	MarathonHealthIndicator marathonHealthIndicator(BridgeSetup bridgeSetup, MarathonClient marathonClient,
			EventStreamReader eventStreamReader) {
		return new MarathonHealthIndicator(bridgeSetup, marathonClient, eventStreamReader);
	}

	/**
	 * Named as consul-client's indicator, which therefore backs off.
	 */
	@Bean
	@ConditionalOnEnabledHealthIndicator("consul")
	ConsulAgentHealthIndicator consulHealthIndicator(BridgeSetup bridgeSetup, AgentClients agentClients) {
		return new ConsulAgentHealthIndicator(bridgeSetup, agentClients.probe());
	}

}
