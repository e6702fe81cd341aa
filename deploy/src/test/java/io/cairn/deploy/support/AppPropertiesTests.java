package io.cairn.deploy.support;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property check tells an app's settings from misspelt ones and from another app's,
 * so the deployment tests built on it can fail.
 */
class AppPropertiesTests {

	@Test
	void variablesMapToPropertiesByRelaxedBinding() {
		assertThat(AppProperties.variable("spring.cloud.zookeeper.connect-string"))
			.isEqualTo("SPRING_CLOUD_ZOOKEEPER_CONNECTSTRING");
		assertThat(AppProperties.variable("cairn.data-dir")).isEqualTo("CAIRN_DATADIR");
	}

	@Test
	void knowsTheAppsOwnTheSharedAndSpringBootsProperties() {
		AppProperties registry = AppProperties.of(CairnApp.of("registry-service"));
		assertThat(registry.unknown(List.of("CAIRN_REGISTRY_TTL", "CAIRN_SECURITY_TOKEN", "CAIRN_DATADIR",
				"SPRING_DATASOURCE_URL", "MANAGEMENT_SERVER_PORT", "SERVER_PORT",
				"SPRING_CLOUD_ZOOKEEPER_CONNECTSTRING", "JAVA_TOOL_OPTIONS")))
			.isEmpty();
	}

	@Test
	void rejectsMisspeltAndOtherAppsProperties() {
		AppProperties registry = AppProperties.of(CairnApp.of("registry-service"));
		assertThat(registry.unknown(List.of("CAIRN_REGISTRY_TTLL", "CAIRN_DATA_DIRR", "CAIRN_STATUS_POLL_INTERVAL",
				"CAIRN_CONSUL_ADDRESSES")))
			.containsExactly("CAIRN_REGISTRY_TTLL", "CAIRN_DATA_DIRR", "CAIRN_STATUS_POLL_INTERVAL",
					"CAIRN_CONSUL_ADDRESSES");
	}

	@Test
	void acceptsTheFormWithUnderscoresForDashesThatSpringBootAlsoBinds() {
		AppProperties registry = AppProperties.of(CairnApp.of("registry-service"));
		assertThat(registry.propertyOf("CAIRN_DATA_DIR")).isEqualTo("cairn.data-dir");
		assertThat(registry.propertyOf("CAIRN_SECURITY_OPEN_WRITES")).isEqualTo("cairn.security.open-writes");
	}

	@Test
	void acceptsEntriesOfMapAndListProperties() {
		AppProperties status = AppProperties.of(CairnApp.of("status-aggregator"));
		assertThat(status.propertyOf("CAIRN_STATUS_COMMANDS_DISK_COMMAND")).isEqualTo("cairn.status.commands");
		assertThat(status.propertyOf("CAIRN_CONSUL_ADDRESSES")).isEqualTo("cairn.consul.addresses");
		assertThat(status.propertyOf("CAIRN_CONSUL_ADDRESSES_0")).isEqualTo("cairn.consul.addresses");
		assertThat(status.propertyOf("CAIRN_STATUS_POLL_INTERVALS")).isNull();
	}

}
