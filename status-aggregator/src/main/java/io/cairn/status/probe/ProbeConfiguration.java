package io.cairn.status.probe;

import java.security.NoSuchAlgorithmException;
import java.time.Clock;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.config.StatusProperties;
import io.cairn.status.format.HealthReaders;
import io.cairn.status.poll.HttpCheckFetcher;
import io.cairn.status.poll.StatusDocuments;
import io.cairn.status.security.TargetPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the checks beyond Megaphone's document: health formats, conditions, TCP, TLS and
 * DNS.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProbeProperties.class)
public class ProbeConfiguration {

	/**
	 * The TLS settings of TLS checks and of HTTPS checks: the SSL bundle named by
	 * {@code cairn.status.probes.ssl-bundle}, or the JDK's default trust.
	 * @param properties settings
	 * @param bundles Spring Boot's SSL bundles
	 * @return the TLS settings
	 */
	@Bean
	ProbeTls probeTls(ProbeProperties properties, ObjectProvider<SslBundles> bundles) {
		if (properties.sslBundle() == null || properties.sslBundle().isBlank()) {
			try {
				return new ProbeTls(SSLContext.getDefault(), false);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("No default TLS context", ex);
			}
		}
		SslBundles available = bundles.getIfAvailable();
		if (available == null) {
			throw new IllegalStateException("cairn.status.probes.ssl-bundle is set but no SSL bundles are configured");
		}
		return new ProbeTls(available.getBundle(properties.sslBundle()).createSslContext(), true);
	}

	@Bean
	CheckSecrets checkSecrets(Environment environment) {
		return new CheckSecrets(environment);
	}

	@Bean
	ProbeRequests probeRequests(ProbeProperties properties, CheckSecrets secrets) {
		return new ProbeRequests(properties, secrets);
	}

	@Bean
	HealthReaders healthReaders(JsonMapper mapper, StatusDocuments documents, StatusProperties properties) {
		return new HealthReaders(mapper, documents, properties.api().showFailureReasons());
	}

	@Bean(destroyMethod = "close")
	SocketProbes socketProbes(TargetPolicy policy, StatusProperties properties, ProbeTls tls,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		return new SocketProbes(policy, properties.poll().connectTimeout(), tls.context(), schedulers);
	}

	@Bean
	DnsProbe dnsProbe(TargetPolicy policy) {
		return new DnsProbe(policy);
	}

	@Bean
	NetworkProbes networkProbes(HttpCheckFetcher http, HealthReaders readers, SocketProbes sockets, DnsProbe dns,
			JsonMapper mapper, StatusProperties properties, Clock clock, CheckSecrets secrets) {
		return new NetworkProbes(http, readers, sockets, dns, mapper, properties.poll(),
				properties.api().showFailureReasons(), clock, secrets);
	}

	/**
	 * The TLS context probes use.
	 *
	 * @param context the context
	 * @param custom whether it comes from an SSL bundle (then HTTPS checks use it too)
	 */
	public record ProbeTls(SSLContext context, boolean custom) {

	}

}
