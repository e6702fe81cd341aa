package io.cairn.bridge.settings;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The defaults the documentation quotes, and settings refused at start-up.
 */
class BridgePropertiesTests {

	private static BridgeProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(BridgeProperties.PREFIX,
				BridgeProperties.class);
	}

	@Test
	void defaults() {
		BridgeProperties properties = bind(Map.of());
		assertThat(properties.registrationId()).isEqualTo("consular");
		assertThat(properties.marathon().urls()).isEmpty();
		assertThat(properties.marathon().followLeader()).isTrue();
		assertThat(properties.marathon().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.marathon().maxResponseSize()).isEqualTo(DataSize.ofMegabytes(512));
		assertThat(properties.events().stream()).isTrue();
		assertThat(properties.events().maxSize()).isEqualTo(DataSize.ofKilobytes(512));
		assertThat(properties.events().queueCapacity()).isEqualTo(10_000);
		assertThat(properties.events().workers()).isEqualTo(8);
		assertThat(properties.events().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.events().callback().subscribe()).isFalse();
		assertThat(properties.consul().registerOn()).isEqualTo(BridgeProperties.RegisterOn.TASK_HOST);
		assertThat(properties.consul().agentPort()).isEqualTo(8500);
		assertThat(properties.consul().fallback()).isFalse();
		assertThat(properties.consul().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.consul().fallbackTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.mapping().mode()).isEqualTo(BridgeProperties.MappingMode.CONSULAR);
		assertThat(properties.mapping().registrationIdTag()).isEqualTo("consular-reg-id");
		assertThat(properties.mapping().appIdTag()).isEqualTo("consular-app-id");
		assertThat(properties.mapping().healthGating()).isTrue();
		assertThat(properties.kv().prefix()).isEqualTo("consular");
		assertThat(properties.sync().interval()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.sync().purge()).isTrue();
		assertThat(properties.sync().guard().maxFraction()).isEqualTo(0.5);
		assertThat(properties.sync().guard().minCount()).isEqualTo(10);
		assertThat(properties.leader().election()).isEqualTo(BridgeProperties.Election.AUTO);
	}

	@Test
	void relaxedEnumValues() {
		BridgeProperties properties = bind(Map.of("cairn.bridge.consul.register-on", "central",
				"cairn.bridge.mapping.mode", "allegro", "cairn.bridge.leader.election", "none"));
		assertThat(properties.consul().registerOn()).isEqualTo(BridgeProperties.RegisterOn.CENTRAL);
		assertThat(properties.mapping().mode()).isEqualTo(BridgeProperties.MappingMode.ALLEGRO);
		assertThat(properties.leader().election()).isEqualTo(BridgeProperties.Election.NONE);
	}

	@Test
	void aCallbackUrlOnAllInterfacesIsRefused() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.events.callback.subscribe", "true",
					"cairn.bridge.events.callback.advertised-url", "http://0.0.0.0:7000/events")))
			.havingRootCause()
			.withMessageContaining("not http://0.0.0.0:7000/events");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.events.callback.subscribe", "true")))
			.havingRootCause()
			.withMessageContaining("advertised-url");
	}

	@Test
	void otherNonsenseIsRefused() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.marathon.urls", "marathon:8080")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.kv.prefix", "/consular/")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.sync.guard.max-fraction", "0")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.registration-id", " ")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cairn.bridge.marathon.max-response-size", "100B")))
			.havingRootCause()
			.withMessage("cairn.bridge.marathon.max-response-size must be at least 1KB, not 100B");
	}

}
