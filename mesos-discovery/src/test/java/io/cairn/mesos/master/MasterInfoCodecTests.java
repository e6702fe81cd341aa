package io.cairn.mesos.master;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import io.cairn.testkit.mesos.MasterSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MasterInfoCodecTests {

	/**
	 * The node quoted in the zk-mesos blog (Mesos 1.0.0,
	 * /mesos/vagrant/json.info_0000000004).
	 */
	private static final String REAL_NODE = "{\"address\":{\"hostname\":\"mesos-master\",\"ip\":\"192.168.33.10\","
			+ "\"port\":5050},\"hostname\":\"mesos-master\",\"id\":\"a6b81918-6291-47be-a821-bf19bdace8f9\","
			+ "\"ip\":169978048,\"pid\":\"master@192.168.33.10:5050\",\"port\":5050,\"version\":\"1.0.0\"}";

	@Test
	void readsARealJsonNode() {
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.JSON, REAL_NODE.getBytes(StandardCharsets.UTF_8));
		assertThat(info.id()).isEqualTo("a6b81918-6291-47be-a821-bf19bdace8f9");
		assertThat(info.ip()).isEqualTo(169978048L);
		assertThat(info.ipAddress()).isEqualTo("192.168.33.10");
		assertThat(info.hostName()).isEqualTo("mesos-master");
		assertThat(info.version()).isEqualTo("1.0.0");
		assertThat(info.url(HostField.IP)).hasToString("http://192.168.33.10:5050");
		assertThat(info.url(HostField.HOSTNAME)).hasToString("http://mesos-master:5050");
	}

	@Test
	void writesTheSameJsonBack() {
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.JSON, REAL_NODE.getBytes(StandardCharsets.UTF_8));
		assertThat(MasterInfoCodec.toJson(info)).isEqualTo(REAL_NODE);
	}

	@Test
	void decodesTheLegacyIpIntegerAsNetworkOrderReadLittleEndian() {
		assertThat(MasterInfo.decodeLegacyIp(16777343L)).isEqualTo("127.0.0.1");
		assertThat(MasterInfo.decodeLegacyIp(169978048L)).isEqualTo("192.168.33.10");
		assertThat(MasterInfo.encodeLegacyIp("192.168.33.10")).isEqualTo(169978048L);
		// Above Integer.MAX_VALUE: 10.0.0.200 has 200 in the top byte.
		assertThat(MasterInfo.encodeLegacyIp("10.0.0.200")).isEqualTo(3355443210L);
		assertThat(MasterInfo.decodeLegacyIp(3355443210L)).isEqualTo("10.0.0.200");
		String json = "{\"id\":\"x\",\"ip\":3355443210,\"port\":5050}";
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.JSON, json.getBytes(StandardCharsets.UTF_8));
		assertThat(info.ipAddress()).isEqualTo("10.0.0.200");
		assertThat(info.hostName()).isEqualTo("10.0.0.200");
	}

	@Test
	void prefersAddressToTheDeprecatedFields() {
		String json = "{\"id\":\"x\",\"ip\":16777343,\"port\":5050,\"hostname\":\"old\",\"pid\":\"master@127.0.0.1:5050\","
				+ "\"address\":{\"hostname\":\"new\",\"ip\":\"10.1.2.3\",\"port\":5051}}";
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.JSON, json.getBytes(StandardCharsets.UTF_8));
		assertThat(info.url(HostField.IP)).hasToString("http://10.1.2.3:5051");
		assertThat(info.url(HostField.HOSTNAME)).hasToString("http://new:5051");
	}

	@Test
	void readsTheCapabilitiesAndDomainOfNewerMasters() {
		String json = "{\"id\":\"x\",\"ip\":16777343,\"port\":5050,\"domain\":{\"fault_domain\":{\"region\":{\"name\":"
				+ "\"eu\"},\"zone\":{\"name\":\"eu-1a\"}}},\"capabilities\":[{\"type\":\"AGENT_UPDATE\"},"
				+ "{\"type\":\"QUOTA_V2\"}],\"future\":{\"x\":1}}";
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.JSON, json.getBytes(StandardCharsets.UTF_8));
		assertThat(info.domain().faultDomain().zone().name()).isEqualTo("eu-1a");
		assertThat(info.capabilities()).extracting(MasterInfo.Capability::type)
			.containsExactly("AGENT_UPDATE", "QUOTA_V2");
	}

	@Test
	void decodesBinaryMasterInfoAsMesos023WroteIt() {
		MasterSpec spec = new MasterSpec("20150806-001800-855746752-5051-509", "192.168.1.51", 5051, "gondor",
				"0.23.0");
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.PROTOBUF, spec.protobuf());
		assertThat(info.id()).isEqualTo(spec.id());
		assertThat(info.ip()).isEqualTo(855746752L);
		assertThat(info.port()).isEqualTo(5051);
		assertThat(info.pid()).isEqualTo("master@192.168.1.51:5051");
		assertThat(info.hostname()).isEqualTo("gondor");
		assertThat(info.address()).isNull();
		assertThat(info.url(HostField.IP)).hasToString("http://192.168.1.51:5051");
		assertThat(info.url(HostField.HOSTNAME)).hasToString("http://gondor:5051");
	}

	@Test
	void skipsUnknownProtobufFieldsAndReadsLaterOnes() {
		MasterSpec spec = new MasterSpec("id", "10.0.0.200", 5050, "host", "1.0.0");
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.PROTOBUF, spec.protobuf(true));
		assertThat(info.version()).isEqualTo("1.0.0");
		assertThat(info.address()).isEqualTo(new MasterInfo.Address("host", "10.0.0.200", 5050));
		assertThat(info.ip()).isEqualTo(3355443210L);
	}

	@Test
	void refusesEveryTruncationOfABinaryMasterInfo() throws Exception {
		byte[] whole = new MasterSpec("id", "10.0.0.1", 5050, "host", "0.23.0").protobuf();
		// Field boundaries, found with protobuf's own reader: a cut there leaves a
		// shorter
		// valid message, which is refused only while a required field (id, ip, port) is
		// missing. Every other cut is refused.
		List<Integer> boundaries = new java.util.ArrayList<>();
		CodedInputStream in = CodedInputStream.newInstance(whole);
		while (!in.isAtEnd()) {
			in.skipField(in.readTag());
			boundaries.add(in.getTotalBytesRead());
		}
		int requiredEnd = boundaries.get(2);
		int accepted = 0;
		for (int length = 0; length < whole.length; length++) {
			byte[] truncated = Arrays.copyOf(whole, length);
			if (boundaries.contains(length) && length >= requiredEnd) {
				assertThat(MasterInfoCodec.decode(MasterFormat.PROTOBUF, truncated).port()).isEqualTo(5050);
				accepted++;
			}
			else {
				assertThatExceptionOfType(MasterInfoDecodingException.class)
					.as("%d of %d bytes, boundaries %s", length, whole.length, boundaries)
					.isThrownBy(() -> MasterInfoCodec.decode(MasterFormat.PROTOBUF, truncated));
			}
		}
		assertThat(accepted).isEqualTo(2);
	}

	@Test
	void refusesGarbage() {
		for (String garbage : List.of("", "not json", "[1,2]", "{\"id\":1}", "{\"hostname\":\"x\"}",
				"{\"id\":\"x\"}")) {
			assertThatExceptionOfType(MasterInfoDecodingException.class).as(garbage)
				.isThrownBy(() -> MasterInfoCodec.decode(MasterFormat.JSON, garbage.getBytes(StandardCharsets.UTF_8)));
		}
		assertThatExceptionOfType(MasterInfoDecodingException.class)
			.isThrownBy(() -> MasterInfoCodec.decode(MasterFormat.PROTOBUF, new byte[] { (byte) 0xff, (byte) 0xff }));
		assertThatExceptionOfType(MasterInfoDecodingException.class).isThrownBy(
				() -> MasterInfoCodec.decode(MasterFormat.PROTOBUF, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MasterInfoDecodingException.class)
			.isThrownBy(() -> MasterInfoCodec.decode(MasterFormat.PID, "slave(1)".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void readsThePidOfMesos016() {
		MasterInfo info = MasterInfoCodec.decode(MasterFormat.PID,
				"master@10.0.0.5:5050".getBytes(StandardCharsets.UTF_8));
		assertThat(info.pid()).isEqualTo("master@10.0.0.5:5050");
		assertThat(info.url(HostField.IP)).hasToString("http://10.0.0.5:5050");
		assertThat(info.url(HostField.HOSTNAME)).hasToString("http://10.0.0.5:5050");
	}

	@Test
	void choosesTheFormatByTheExactLabel() {
		assertThat(MasterFormat.forLabel("json.info")).isEqualTo(MasterFormat.JSON);
		assertThat(MasterFormat.forLabel("info")).isEqualTo(MasterFormat.PROTOBUF);
		assertThat(MasterFormat.forLabel(null)).isEqualTo(MasterFormat.PID);
		assertThat(MasterFormat.forLabel("infox")).isNull();
		assertThat(MasterFormat.forLabel("log")).isNull();
	}

}
