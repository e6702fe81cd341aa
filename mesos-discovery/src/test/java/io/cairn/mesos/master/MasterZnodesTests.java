package io.cairn.mesos.master;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cairn.mesos.zk.ZNode;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MasterZnodesTests {

	private final MasterZnodes znodes = new MasterZnodes();

	@Test
	void ordersByNumericSequenceAcrossLabelsAndSkipsNonMembers() {
		MasterSpec a = MasterSpec.local(5050, "a");
		MasterSpec b = MasterSpec.local(5051, "b");
		MasterSpec c = MasterSpec.local(5052, "c");
		List<Master> masters = this.znodes.masters(List.of(
				new ZNode("json.info_0000000010", a.data(MasterGeneration.JSON)),
				new ZNode("log_replicas", new byte[0]), new ZNode("info_0000000009", b.data(MasterGeneration.PROTOBUF)),
				new ZNode("0000000011", c.data(MasterGeneration.PID)),
				new ZNode("other_0000000001", a.data(MasterGeneration.JSON)),
				new ZNode("json.info_0000000003", "garbage".getBytes(StandardCharsets.UTF_8))));
		assertThat(masters).extracting(Master::znode)
			.containsExactly("info_0000000009", "json.info_0000000010", "0000000011");
		assertThat(masters).extracting(Master::format)
			.containsExactly(MasterFormat.PROTOBUF, MasterFormat.JSON, MasterFormat.PID);
	}

	@Test
	void followsTheMesosRuleWhenTheCounterWrapped() {
		MasterSpec a = MasterSpec.local(5050, "a");
		MasterSpec b = MasterSpec.local(5051, "b");
		List<Master> masters = this.znodes
			.masters(List.of(new ZNode("json.info_2147483647", a.data(MasterGeneration.JSON)),
					new ZNode("json.info_-2147483648", b.data(MasterGeneration.JSON))));
		assertThat(masters.get(0).znode()).isEqualTo("json.info_-2147483648");
	}

	@Test
	void knowsWhichChildrenAreMembers() {
		assertThat(MasterZnodes.isMember("json.info_0000000001")).isTrue();
		assertThat(MasterZnodes.isMember("0000000001")).isTrue();
		assertThat(MasterZnodes.isMember("log_replicas")).isFalse();
		assertThat(MasterZnodes.isMember("json.info_")).isFalse();
	}

}
