package io.cairn.mesos.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosApiException;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.master.MasterFormat;
import io.cairn.mesos.master.MasterInfo;
import io.cairn.mesos.master.MasterInfoCodec;
import io.cairn.mesos.master.MasterInfoDecodingException;
import io.cairn.mesos.master.MasterZnodes;
import io.cairn.mesos.operator.MesosOperatorClient;
import io.cairn.mesos.zk.ZNode;
import io.cairn.testkit.mesos.MasterSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What reaches the library from outside, made hostile: master znode data in every format
 * (malformed, truncated, oversized, wrong-typed, out-of-range, unicode edges, random
 * bytes) and a master's {@code Location} header. Decoding either yields a master whose
 * URLs can be built or refuses it with a {@link MasterInfoDecodingException}; a bad
 * redirect ends in a {@link MesosApiException}; nothing else escapes.
 */
class MesosDiscoveryFuzzAbuseTests {

	private static final String GOOD = MasterSpec.local(5050, "good").json();

	private static List<String> hostileJson() {
		List<String> json = new ArrayList<>(List.of("", " ", "null", "[]", "42", "\"x\"", "{", "{}", "{\"id\":5}",
				"{\"id\":\"\"}", "{\"id\":\"x\"}", "{\"id\":\"x\",\"address\":[]}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":\"5050\"}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":true}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":1e99}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":5050.5}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":-1}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":65536}}",
				"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":99999999999999999999}}",
				"{\"id\":\"x\",\"ip\":16777343,\"port\":-5050}", "{\"id\":\"x\",\"ip\":16777343,\"port\":2147483648}",
				"{\"id\":\"x\",\"ip\":\"127.0.0.1\"}", "{\"id\":\"x\",\"ip\":-1}", "{\"id\":\"x\",\"ip\":1e300}",
				"{\"id\":\"x\",\"pid\":\"master@\"}", "{\"id\":\"x\",\"pid\":\"master@10.0.0.1:0\"}",
				"{\"id\":\"x\",\"pid\":\"master@10.0.0.1:99999\"}", "{\"id\":\"x\",\"hostname\":\"\"}",
				"{\"id\":\"x\",\"hostname\":\"   \"}"));
		for (String host : List.of("bad host", "evil/path", "a?b", "a#b", "user@host", "[::1]", "::1", "fe80::1%eth0",
				"::ffff:127.0.0.1", "ho\\u0000st", "h\\u202eost", "\\u00fcn\\u00efcode.example", "\\ud83d\\ude00",
				"\\ud800", "a\\u200bb", "-leading", "trailing-", "x".repeat(300), "1.2.3.4.5", "999.1.1.1",
				"mesos_master", "a..b", ".")) {
			json.add("{\"id\":\"x\",\"address\":{\"ip\":\"" + host + "\",\"port\":5050}}");
			json.add("{\"id\":\"x\",\"address\":{\"hostname\":\"" + host + "\",\"ip\":\"10.0.0.1\",\"port\":5050}}");
			json.add("{\"id\":\"x\",\"hostname\":\"" + host + "\",\"ip\":16777343,\"port\":5050}");
		}
		json.add("{\"id\":\"x\",\"hostname\":\"" + "h".repeat(1 << 20) + "\",\"port\":5050}");
		json.add("[".repeat(100_000));
		json.add("{\"a\":".repeat(10_000));
		for (int cut = 0; cut < GOOD.length(); cut += 7) {
			json.add(GOOD.substring(0, cut));
		}
		return json;
	}

	private static List<byte[]> hostileProtobuf() {
		List<byte[]> data = new ArrayList<>();
		byte[] good = MasterSpec.local(5050, "good").protobuf(true);
		for (int cut = 0; cut <= good.length; cut++) {
			data.add(Arrays.copyOf(good, cut));
		}
		Random random = new Random(4711);
		for (int i = 0; i < 2000; i++) {
			byte[] flipped = good.clone();
			flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
			data.add(flipped);
			byte[] noise = new byte[random.nextInt(64)];
			random.nextBytes(noise);
			data.add(noise);
		}
		return data;
	}

	private static List<String> hostilePids() {
		return List.of("", "master", "master@", "@10.0.0.1:5050", "master@10.0.0.1", "master@10.0.0.1:",
				"master@10.0.0.1:0", "master@10.0.0.1:65536", "master@10.0.0.1:-1", "master@bad host:5050",
				"master@[::1:5050", "master@[::1]x", "master@10.0.0.1:5050\u0000", "master@\u00fc:5050",
				"master@" + "a".repeat(100_000) + ":5050");
	}

	/** Decodes, and if accepted, builds every URL a client would build from it. */
	private static void decodeOrRefuse(MasterFormat format, byte[] data) {
		MasterInfo info;
		try {
			info = MasterInfoCodec.decode(format, data);
		}
		catch (MasterInfoDecodingException refused) {
			return;
		}
		for (HostField field : HostField.values()) {
			URI url = info.url(field, "https");
			assertThat(usable(url)).as("%s %s %s", format, field, url).isTrue();
		}
	}

	/**
	 * A URL with a host, or one whose host has an underscore: such names (common for
	 * containers) are kept; the JDK client refuses them, which MesosHttp reports as a
	 * MesosApiException.
	 */
	private static boolean usable(URI url) {
		return url.getHost() != null || url.getRawAuthority().contains("_");
	}

	@Test
	void fuzzedZnodeDataIsDecodedOrRefusedNeverThrowsAnythingElse() {
		for (String json : hostileJson()) {
			byte[] data = json.getBytes(StandardCharsets.UTF_8);
			assertThat(catchAnythingElse(() -> decodeOrRefuse(MasterFormat.JSON, data))).as(abbreviated(json)).isNull();
		}
		for (byte[] protobuf : hostileProtobuf()) {
			assertThat(catchAnythingElse(() -> decodeOrRefuse(MasterFormat.PROTOBUF, protobuf)))
				.as(Arrays.toString(protobuf))
				.isNull();
		}
		for (String pid : hostilePids()) {
			byte[] data = pid.getBytes(StandardCharsets.UTF_8);
			assertThat(catchAnythingElse(() -> decodeOrRefuse(MasterFormat.PID, data))).as(abbreviated(pid)).isNull();
		}
	}

	@Test
	void aGroupFullOfGarbageStillElectsTheOneGoodMaster() {
		List<ZNode> children = new ArrayList<>();
		int sequence = 0;
		for (String json : hostileJson()) {
			children
				.add(new ZNode(String.format("json.info_%010d", sequence++), json.getBytes(StandardCharsets.UTF_8)));
		}
		for (byte[] protobuf : hostileProtobuf().subList(0, 200)) {
			children.add(new ZNode(String.format("info_%010d", sequence++), protobuf));
		}
		children.add(new ZNode(String.format("json.info_%010d", sequence), GOOD.getBytes(StandardCharsets.UTF_8)));

		List<Master> masters = new MasterZnodes().masters(children);

		assertThat(masters).isNotEmpty()
			.allSatisfy((master) -> assertThat(usable(master.info().url(HostField.HOSTNAME))).isTrue());
		assertThat(masters).anySatisfy((master) -> assertThat(master.info().hostName()).isEqualTo("good"));
	}

	@Test
	void hostileLocationsEndInAMesosApiExceptionAndReachNoOne() throws Exception {
		try (RecordingServer listener = RecordingServer.http(RecordingServer::healthy)) {
			int port = listener.port();
			List<String> locations = List.of("", " ", "//", "http://", "http://[::1", "javascript:alert(1)",
					"ftp://127.0.0.1:" + port + "/api/v1", "file:///etc/passwd", "//user:pass@127.0.0.1:" + port + "/",
					"//127.0.0.1:99999/api/v1", "//127.0.0.1:-1/api/v1", "%zz", "//\u00fcn\u00efcode.example/api/v1",
					"//" + "a".repeat(4000) + ":" + port + "/", "http://localhost:" + port + "/api/v1",
					"HTTP://127.0.0.1:" + port + "/api/v1", "//[::1]:" + port + "/api/v1");
			for (String location : locations) {
				try (RecordingServer master = RecordingServer.http(RecordingServer.redirectingTo(location))) {
					MesosOperatorClient client = new MesosOperatorClient(
							new MesosHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
									MasterResolver.fixed(master.url()), "p", "s", Duration.ofSeconds(5),
									Duration.ofMillis(200)),
							Duration.ofSeconds(15));
					assertThatExceptionOfType(MesosApiException.class).as(abbreviated(location))
						.isThrownBy(client::health);
					assertThat(master.received()).as(abbreviated(location)).isNotEmpty();
				}
			}
			assertThat(listener.received()).isEmpty();
		}
	}

	private static Throwable catchAnythingElse(Runnable decode) {
		try {
			decode.run();
			return null;
		}
		catch (AssertionError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static String abbreviated(String text) {
		return (text.length() > 120) ? text.substring(0, 120) + "... (" + text.length() + " chars)" : text;
	}

}
