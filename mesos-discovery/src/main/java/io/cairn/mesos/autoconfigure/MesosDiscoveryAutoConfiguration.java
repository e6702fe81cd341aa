package io.cairn.mesos.autoconfigure;

import java.net.http.HttpClient;
import java.util.Objects;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.cairn.mesos.operator.MesosOperatorClient;
import io.cairn.mesos.scheduler.MesosSchedulerClient;
import io.cairn.mesos.zk.MasterLocation;
import io.cairn.mesos.zk.ZkUrl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Mesos and Marathon discovery for Spring Boot applications, switched on by
 * {@code cairn.mesos.master} (the masters) and {@code cairn.mesos.marathon.zk} or
 * {@code .urls} (Marathon):
 * <ul>
 * <li>a started {@link MasterDetector} when the master is a ZooKeeper group, closed with
 * the context;</li>
 * <li>a {@link MasterResolver}, a {@link MesosOperatorClient} and a
 * {@link MesosSchedulerClient} for any master setting;</li>
 * <li>a started {@link MarathonLeaderDetector} and/or a
 * {@link MarathonHttpLeaderLookup};</li>
 * </ul>
 * Health indicators and meters come from {@link MesosDiscoveryHealthAutoConfiguration}
 * and {@link MesosDiscoveryMetricsAutoConfiguration}.
 */
@AutoConfiguration
@EnableConfigurationProperties(MesosDiscoveryProperties.class)
public final class MesosDiscoveryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Conditional(OnZooKeeperMasterCondition.class)
	MasterDetector mesosMasterDetector(MesosDiscoveryProperties properties) {
		MasterLocation.ZooKeeper location = (MasterLocation.ZooKeeper) MasterLocation.parse(master(properties));
		MasterDetector detector = MasterDetector.create(location.url(), properties.sessionTimeout(),
				properties.connectionTimeout());
		detector.start();
		return detector;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("cairn.mesos.master")
	MasterResolver mesosMasterResolver(MesosDiscoveryProperties properties, ObjectProvider<MasterDetector> detector) {
		return MasterResolver.forLocation(MasterLocation.parse(master(properties)), detector.getIfAvailable(),
				properties.hostField(), properties.api().scheme());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MasterResolver.class)
	MesosHttp mesosHttp(MesosDiscoveryProperties properties, MasterResolver resolver,
			ObjectProvider<SslBundles> sslBundles) {
		MesosDiscoveryProperties.Api api = properties.api();
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectionTimeout());
		if (api.sslBundle() != null) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException("cairn.mesos.api.ssl-bundle is set but no SSL bundles are configured");
			}
			http.sslContext(bundles.getBundle(api.sslBundle()).createSslContext());
		}
		return new MesosHttp(http.build(), resolver, api.principal(), api.secret(), api.requestTimeout(),
				api.retryBudget());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MesosHttp.class)
	MesosOperatorClient mesosOperatorClient(MesosHttp http, MesosDiscoveryProperties properties) {
		return new MesosOperatorClient(http, properties.api().heartbeat());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MesosHttp.class)
	MesosSchedulerClient mesosSchedulerClient(MesosHttp http, MesosDiscoveryProperties properties) {
		return new MesosSchedulerClient(http, properties.api().heartbeat());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty("cairn.mesos.marathon.zk")
	MarathonLeaderDetector marathonLeaderDetector(MesosDiscoveryProperties properties) {
		String zk = properties.marathon().zk();
		MarathonLeaderDetector detector = MarathonLeaderDetector.create(ZkUrl.parse((zk != null) ? zk : ""),
				properties.sessionTimeout(), properties.connectionTimeout());
		detector.start();
		return detector;
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnMarathonUrlsCondition.class)
	MarathonHttpLeaderLookup marathonHttpLeaderLookup(MesosDiscoveryProperties properties) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectionTimeout())
			.build();
		return MarathonHttpLeaderLookup.of(properties.marathon().urls(), http, properties.api().requestTimeout(), null,
				null);
	}

	/** Both beans are conditional on {@code cairn.mesos.master}, so it is set here. */
	private static String master(MesosDiscoveryProperties properties) {
		return Objects.requireNonNull(properties.master(), "cairn.mesos.master");
	}

}
