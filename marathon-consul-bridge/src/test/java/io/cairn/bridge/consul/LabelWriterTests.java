package io.cairn.bridge.consul;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.leader.SoloLeadership;
import io.cairn.consul.Consul;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels that did not change since they were written cost no request (events write them
 * at every read of the app); a full sync's verification reads Consul whatever was
 * written.
 */
class LabelWriterTests {

	@Test
	void unchangedLabelsCostNoRequestAndVerificationRepairsWhatChangedBehindTheBridgesBack() {
		try (ConsulSimulator consul = ConsulSimulator.start();
				Consul client = Consul.builder().address(consul.address()).build()) {
			SoloLeadership leadership = new SoloLeadership("test");
			leadership.start(new io.cairn.bridge.leader.Leadership.Listener() {

				@Override
				public void elected() {
				}

				@Override
				public void revoked() {
				}

			});
			LabelWriter writer = new LabelWriter(client, leadership, new BridgeProperties.Kv(true, "consular"),
					JsonMapper.builder().build());
			assertThat(writer.sync("web", Map.of("domain", "example.org")).total()).isEqualTo(1);
			consul.clearRequests();
			assertThat(writer.sync("web", Map.of("domain", "example.org")).total()).isZero();
			assertThat(consul.requests()).isEmpty();

			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"example.com\"");

			client.kv().delete("consular/web/domain");
			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isZero();
			assertThat(writer.verify("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"example.com\"");

			writer.delete("web");
			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
		}
	}

}
