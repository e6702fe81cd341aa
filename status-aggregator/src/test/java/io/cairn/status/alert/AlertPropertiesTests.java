package io.cairn.status.alert;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn.status.alerts.*}: the defaults, and start-up failing with a clear message
 * for what cannot work (a route naming an unknown provider, a provider without its URL or
 * key, values out of bounds).
 */
class AlertPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Enabled.class);

	@Test
	void defaults() {
		this.runner.run((context) -> {
			AlertProperties properties = context.getBean(AlertProperties.class);
			assertThat(properties.enabled()).isFalse();
			assertThat(properties.alertOn()).isEqualTo(CheckStatus.CRITICAL);
			assertThat(properties.remindEvery()).isEqualTo(Duration.ofHours(1));
			assertThat(properties.evaluateEvery()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.sending().queueCapacity()).isEqualTo(1000);
			assertThat(properties.sending().threads()).isEqualTo(2);
			assertThat(properties.sending().maxRetries()).isEqualTo(3);
			assertThat(properties.sending().backoff()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.sending().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void aProviderBindsWithItsDefaults() {
		this.runner
			.withPropertyValues("cairn.status.alerts.providers.pager.type=pagerduty",
					"cairn.status.alerts.providers.pager.routing-key-secret=pd-key",
					"cairn.status.alerts.routes.defaults=pager")
			.run((context) -> {
				AlertProperties.Provider pager = context.getBean(AlertProperties.class).providers().get("pager");
				assertThat(pager.perMinute()).isEqualTo(20);
				assertThat(pager.timeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(pager.fixedUrl()).isEqualTo(AlertProperties.PAGERDUTY_EVENTS);
			});
	}

	@Test
	void aRouteToAnUnknownProviderFailsFast() {
		this.runner
			.withPropertyValues("cairn.status.alerts.providers.chat.type=slack",
					"cairn.status.alerts.providers.chat.url-secret=slack-url",
					"cairn.status.alerts.routes.tags.payments=chat,pager")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("cairn.status.alerts.routes.tags.payments names the provider 'pager', which is not "
						+ "configured under cairn.status.alerts.providers (configured: [chat])"));
	}

	@Test
	void whatCannotWorkFailsWithAMessageNamingTheProperty() {
		failsWith("cairn.status.alerts.providers.chat needs exactly one of url and url-secret",
				"cairn.status.alerts.providers.chat.type=slack");
		failsWith("cairn.status.alerts.providers.pager.routing-key-secret must name the secret",
				"cairn.status.alerts.providers.pager.type=pagerduty");
		failsWith("cairn.status.alerts.providers.mail.to must list 1 to 50 recipients",
				"cairn.status.alerts.providers.mail.type=email", "cairn.status.alerts.providers.mail.from=a@b.c");
		failsWith("cairn.status.alerts.providers.hook.url must be an http or https URL",
				"cairn.status.alerts.providers.hook.type=webhook", "cairn.status.alerts.providers.hook.url=file:/x");
		failsWith("cairn.status.alerts.providers.hook.per-minute must lie between 1 and 10000, not 0",
				"cairn.status.alerts.providers.hook.type=webhook",
				"cairn.status.alerts.providers.hook.url=http://h.test/",
				"cairn.status.alerts.providers.hook.per-minute=0");
		failsWith("cairn.status.alerts.alert-on must be UNKNOWN, WARNING or CRITICAL, not OK",
				"cairn.status.alerts.alert-on=ok");
		failsWith("cairn.status.alerts.remind-every must lie between PT1M and PT720H, not PT1S",
				"cairn.status.alerts.remind-every=1s");
		failsWith("cairn.status.alerts.sending.queue-capacity must lie between 1 and 100000, not 0",
				"cairn.status.alerts.sending.queue-capacity=0");
		failsWith("cairn.status.alerts.providers.Bad_Name: a provider's name is 1 to 64 lower-case letters",
				"cairn.status.alerts.providers.Bad_Name.type=webhook",
				"cairn.status.alerts.providers.Bad_Name.url=http://h.test/");
	}

	private void failsWith(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageStartingWith(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AlertProperties.class)
	static class Enabled {

	}

}
