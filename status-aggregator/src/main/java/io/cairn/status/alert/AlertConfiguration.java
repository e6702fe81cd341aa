package io.cairn.status.alert;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.config.StatusConfiguration;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.probe.CheckSecrets;
import io.cairn.status.store.CheckStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Wires per-check alerts ({@code cairn.status.alerts.*}): the gate, the providers, the
 * sender and the alerter. With no provider configured the alerter does not run.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfiguration {

	@Bean
	AlertGate alertGate(AlertProperties properties) {
		return new AlertGate(properties.alertOn(), properties.remindEvery());
	}

	@Bean(destroyMethod = "close")
	AlertSender alertSender(AlertProperties properties, CheckSecrets secrets, JsonMapper mapper,
			ObjectProvider<JavaMailSender> mail, StatusConfiguration.ReplicaId replicaId, Clock clock,
			MeterRegistry meters, ObjectProvider<ThreadPoolTaskExecutorBuilder> executors) {
		Map<String, AlertSender.Named> channels = new LinkedHashMap<>();
		properties.providers()
			.forEach((name, provider) -> channels.put(name, new AlertSender.Named(provider.type(),
					channel(name, provider, secrets, mapper, mail, replicaId.value()), provider.perMinute())));
		return new AlertSender(channels, properties, clock, meters,
				executors.getIfAvailable(ThreadPoolTaskExecutorBuilder::new));
	}

	@Bean
	Alerter alerter(LiveChecks live, AlertGate gate, AlertSender sender, AlertProperties properties,
			StatusProperties status, CheckStore store, JdbcClient jdbc, Clock clock,
			StatusConfiguration.ReplicaId replicaId, MeterRegistry meters,
			ObjectProvider<ThreadPoolTaskSchedulerBuilder> schedulers) {
		return new Alerter(live, gate, new AlertRoutes(properties.routes()), sender, new AlertStore(jdbc), store, clock,
				replicaId.value(), status.discovery().leaseTime(), properties.evaluateEvery(), properties.enabled(),
				meters, schedulers.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new));
	}

	static AlertChannel channel(String name, AlertProperties.Provider provider, CheckSecrets secrets, JsonMapper mapper,
			ObjectProvider<JavaMailSender> mail, String replicaId) {
		String prefix = "cairn.status.alerts.providers." + name;
		return switch (provider.type()) {
			case WEBHOOK -> new WebhookAlertChannel(url(provider, secrets), provider.timeout(), mapper);
			case SLACK -> new SlackAlertChannel(url(provider, secrets), provider.timeout(), mapper);
			case TEAMS -> new TeamsAlertChannel(url(provider, secrets), provider.timeout(), mapper);
			case PAGERDUTY -> new PagerDutyAlertChannel(url(provider, secrets), provider.timeout(), mapper,
					secret(secrets, String.valueOf(provider.routingKeySecret())), "cairn-status/" + replicaId);
			case EMAIL -> {
				JavaMailSender sender = mail.getIfAvailable();
				if (sender == null) {
					throw new IllegalStateException(
							prefix + " is an e-mail provider, but no mail server is configured: set spring.mail.host");
				}
				yield new EmailAlertChannel(sender, String.valueOf(provider.from()), provider.to(),
						"e-mail to " + provider.to().size() + " recipient(s)");
			}
		};
	}

	/**
	 * A provider's URL: the property, or the named secret read at each send.
	 */
	private static Supplier<URI> url(AlertProperties.Provider provider, CheckSecrets secrets) {
		URI fixed = provider.fixedUrl();
		if (fixed != null) {
			return () -> fixed;
		}
		Supplier<String> secret = secret(secrets, String.valueOf(provider.urlSecret()));
		String name = provider.urlSecret();
		return () -> {
			String value = secret.get();
			try {
				URI url = URI.create(value);
				if (url.getHost() != null && ("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
					return url;
				}
			}
			catch (IllegalArgumentException ex) {
				// said below, without the value
			}
			throw new AlertSendException("the secret " + CheckSecrets.PREFIX + name + " is not an http(s) URL");
		};
	}

	private static Supplier<String> secret(CheckSecrets secrets, String name) {
		return () -> {
			String value = secrets.value(name);
			if (value == null) {
				throw new AlertSendException("the secret " + CheckSecrets.PREFIX + name + " is not set");
			}
			return value;
		};
	}

}
