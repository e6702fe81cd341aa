package io.cairn.registry.client;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.cairn.registry.client.autoconfigure.RegistryClientProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-Java builder and the Spring Boot properties start from the same defaults, so
 * that the properties table in the docs describes both.
 */
class DefaultsTests {

	@Test
	void theBuilderAndThePropertiesAgree() {
		RegistryClientProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate(RegistryClientProperties.PREFIX, RegistryClientProperties.class);
		RegistryClient.Builder builder = RegistryClient.builder();
		assertThat(properties.urls()).isEqualTo(builder.urls);
		assertThat(properties.token()).isEqualTo(builder.token);
		assertThat(properties.connectTimeout()).isEqualTo(builder.connectTimeout);
		assertThat(properties.requestTimeout()).isEqualTo(builder.requestTimeout);
		assertThat(properties.watchWait()).isEqualTo(builder.watchWait);
		assertThat(properties.renewalsPerTtl()).isEqualTo(builder.renewalsPerTtl);
		assertThat(properties.maxResponseSize().toBytes()).isEqualTo(builder.maxResponseBytes);
		assertThat(properties.maxInstances()).isEqualTo(builder.maxInstances);
		assertThat(properties.maxCachedLookups()).isEqualTo(builder.maxCachedLookups);
		assertThat(properties.retryDelay()).isEqualTo(builder.retryDelay);
		assertThat(properties.maxRetryDelay()).isEqualTo(builder.maxRetryDelay);
	}

	@Test
	void registryUrlsCarryNoCredentials() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryClient.builder().urls(java.net.URI.create("http://user:secret@reg:5000")))
			.withMessageNotContaining("secret");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryClient.builder().urls(java.net.URI.create("ftp://reg:5000")));
	}

}
