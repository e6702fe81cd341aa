package io.cairn.consul;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.operator.AutopilotConfiguration;
import io.cairn.consul.model.operator.AutopilotHealth;
import io.cairn.consul.model.operator.AutopilotState;
import io.cairn.consul.model.operator.DatacenterUsage;
import io.cairn.consul.model.operator.KeyringResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator endpoints beyond Raft: autopilot (configuration with CAS, health, state), the
 * gossip keyring (list, install, use, remove) and usage.
 */
class OperatorContractTests extends AbstractSimulatedAgentTests {

	private static final String NEW_KEY = "H3wQlDWn8c0rGHAyp9jwWJkS3ZkvzFOkBakwZb+lgeo=";

	@Test
	void autopilotConfigurationIsReadAndChangedWithCas() {
		AutopilotConfiguration current = consul.operator().autopilotConfiguration(QueryOptions.NONE).value();
		assertThat(current.cleanupDeadServers()).isTrue();
		assertThat(current.lastContactThreshold()).isEqualTo("200ms");
		assertThat(current.maxTrailingLogs()).isEqualTo(250);
		assertThat(consul.operator()
			.casAutopilotConfiguration(current.withCleanupDeadServers(false), current.modifyIndex() + 1)).isFalse();
		assertThat(consul.operator()
			.casAutopilotConfiguration(current.withCleanupDeadServers(false), current.modifyIndex())).isTrue();
		AutopilotConfiguration changed = consul.operator().autopilotConfiguration(QueryOptions.NONE).value();
		assertThat(changed.cleanupDeadServers()).isFalse();
		assertThat(consul.operator().updateAutopilotConfiguration(changed.withLastContactThreshold("500ms"))).isTrue();
		assertThat(consul.operator().autopilotConfiguration(QueryOptions.NONE).value().lastContactThreshold())
			.isEqualTo("500ms");
		assertThatThrownBy(
				() -> consul.operator().updateAutopilotConfiguration(changed.withLastContactThreshold("soon")))
			.isInstanceOf(ConsulRequestException.class);
	}

	@Test
	void autopilotHealthAndStateDescribeTheServer() {
		AutopilotHealth health = consul.operator().autopilotHealth(QueryOptions.NONE).value();
		assertThat(health.healthy()).isTrue();
		assertThat(health.servers()).singleElement().satisfies((server) -> {
			assertThat(server.leader()).isTrue();
			assertThat(server.name()).isEqualTo(simulator.nodeName());
			assertThat(server.voter()).isTrue();
		});
		AutopilotState state = consul.operator().autopilotState(QueryOptions.NONE).value();
		assertThat(state.healthy()).isTrue();
		assertThat(state.voters()).containsExactly(state.leader());
		assertThat(state.servers().get(state.leader()).status()).isEqualTo("leader");
	}

	@Test
	void keysAreInstalledUsedAndRemoved() {
		List<KeyringResponse> rings = consul.operator().keyringList(false, 0, QueryOptions.NONE);
		assertThat(rings).extracting(KeyringResponse::wan).containsExactly(true, false);
		String initial = rings.get(1).primaryKeys().keySet().iterator().next();
		consul.operator().keyringInstall(NEW_KEY);
		assertThat(consul.operator().keyringList(true, 0, QueryOptions.NONE)).singleElement()
			.satisfies((ring) -> assertThat(ring.keys()).containsKeys(initial, NEW_KEY));
		RecordedSupport.assertParam(simulator, "/v1/operator/keyring", "local-only", "");
		assertThatThrownBy(() -> consul.operator().keyringRemove(initial)).as("the primary key stays")
			.isInstanceOf(ConsulServerException.class);
		consul.operator().keyringUse(NEW_KEY);
		consul.operator().keyringRemove(initial);
		KeyringResponse lan = consul.operator().keyringList(true, 0, QueryOptions.NONE).get(0);
		assertThat(lan.keys()).containsOnlyKeys(NEW_KEY);
		assertThat(lan.primaryKeys()).containsOnlyKeys(NEW_KEY);
		assertThatThrownBy(() -> consul.operator().keyringInstall("not-a-key"))
			.isInstanceOf(ConsulRequestException.class);
		assertThatThrownBy(() -> consul.operator().keyringList(false, 6, QueryOptions.NONE))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void usageCountsServicesInstancesAndNodes() {
		consul.agent().registerService(ServiceRegistration.of("usage-1", "usage").withAddress("10.0.0.1", 80));
		consul.agent().registerService(ServiceRegistration.of("usage-2", "usage").withAddress("10.0.0.2", 80));
		ConsulResponse<io.cairn.consul.model.operator.Usage> usage = consul.operator().usage(false, QueryOptions.NONE);
		DatacenterUsage dc1 = usage.value().usage().get("dc1");
		assertThat(dc1.services()).as("consul and usage").isEqualTo(2);
		assertThat(dc1.serviceInstances()).isEqualTo(3);
		assertThat(dc1.billableServiceInstances()).as("not the consul service").isEqualTo(2);
		assertThat(dc1.nodes()).isEqualTo(1);
		assertThat(dc1.connectServiceInstances()).containsEntry("connect-proxy", 0);
		assertThat(usage.index()).isPositive();
	}

}
