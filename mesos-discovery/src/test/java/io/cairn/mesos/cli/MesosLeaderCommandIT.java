package io.cairn.mesos.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMarathonInstance;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code mesos-leader.jar}, run as a user runs it ({@code java -jar}),
 * against a real in-process ZooKeeper: output, stderr and exit codes.
 */
class MesosLeaderCommandIT {

	private static final Path JAR = Path.of("target", "mesos-leader.jar");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestingServer zk;

	@BeforeAll
	static void startZooKeeper() throws Exception {
		assertThat(JAR).as("built by the package phase").exists();
		zk = new TestingServer(true);
	}

	@AfterAll
	static void stopZooKeeper() throws IOException {
		zk.close();
	}

	private static String zkUrl(TestInfo test) {
		return "zk://" + zk.getConnectString() + "/mesos/" + test.getTestMethod().orElseThrow().getName();
	}

	private static String path(TestInfo test) {
		return "/mesos/" + test.getTestMethod().orElseThrow().getName();
	}

	@Test
	void printsTheLeadersMasterInfoAsJson(TestInfo test) throws Exception {
		try (ZkMasterContender leader = ZkMasterContender.join(zk.getConnectString(), path(test), MasterGeneration.JSON,
				MasterSpec.local(5050, "leader"));
				ZkMasterContender backup = ZkMasterContender.join(zk.getConnectString(), path(test),
						MasterGeneration.JSON, MasterSpec.local(5051, "backup"))) {
			Result result = run("--zk", zkUrl(test));
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.stderr()).isEmpty();
			JsonNode json = JSON.readTree(result.stdout());
			assertThat(json.path("id").asString()).isEqualTo(leader.spec().id());
			assertThat(json.path("address").path("hostname").asString()).isEqualTo("leader");
			assertThat(json.path("ip").asLong()).isEqualTo(16777343L);
		}
	}

	@Test
	void listsAllMastersLeaderFirstAndPrintsUrls(TestInfo test) throws Exception {
		try (ZkMasterContender first = ZkMasterContender.join(zk.getConnectString(), path(test),
				MasterGeneration.PROTOBUF, MasterSpec.local(5051, "first"));
				ZkMasterContender second = ZkMasterContender.join(zk.getConnectString(), path(test),
						MasterGeneration.JSON, MasterSpec.local(5050, "second"))) {
			Result all = run("--zk", zkUrl(test), "-a", "--mesos-version", "0.23.0");
			assertThat(all.exitCode()).as(all.toString()).isZero();
			JsonNode masters = JSON.readTree(all.stdout());
			assertThat(masters.size()).isEqualTo(2);
			assertThat(masters.get(0).path("hostname").asString()).isEqualTo("first");
			assertThat(masters.get(1).path("hostname").asString()).isEqualTo("second");

			Result url = run("--zk", zkUrl(test), "--url");
			assertThat(url.stdout()).isEqualTo("http://127.0.0.1:5051\n");
			Result urls = run("--zk", zkUrl(test), "--url", "--hostname", "-a");
			assertThat(urls.stdout()).isEqualTo("http://first:5051\nhttp://second:5050\n");
			assertThat(urls.exitCode()).isZero();
		}
	}

	@Test
	void exitsWithOneWhenThereIsNoLeader(TestInfo test) throws Exception {
		// Long enough to connect and read the group on a loaded machine (1 s was not).
		Result result = run("--zk", zkUrl(test), "--timeout", "5");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).startsWith("mesos-leader: no leading Mesos master").hasLineCount(1);
	}

	@Test
	void exitsWithOneWhenZooKeeperCannotBeReached() throws Exception {
		Result result = run("--zk", "zk://127.0.0.1:1/mesos", "--timeout", "1");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr()).startsWith("mesos-leader: could not read").hasLineCount(1);
	}

	@Test
	void exitsWithTwoOnBadUsageOrABadUrl() throws Exception {
		for (List<String> args : List.<List<String>>of(List.of("--zk", "zk://127.0.0.1:2181/"),
				List.of("--zk", "http://x/mesos"), List.of(), List.of("--zk", "zk://127.0.0.1:2181/mesos", "--bogus"),
				List.of("--zk", "zk://127.0.0.1:2181/mesos", "--timeout", "soon"),
				List.of("--zk", "zk://127.0.0.1:2181/mesos", "--session-timeout", "0"))) {
			Result result = run(args.toArray(String[]::new));
			assertThat(result.exitCode()).as(args + " " + result).isEqualTo(2);
			assertThat(result.stderr()).as(args.toString()).startsWith("mesos-leader: ").hasLineCount(1);
			assertThat(result.stdout()).isEmpty();
		}
	}

	@Test
	void watchPrintsEachChangeAsALineOfJson(TestInfo test) throws Exception {
		try (ZkMasterContender first = ZkMasterContender.join(zk.getConnectString(), path(test), MasterGeneration.JSON,
				MasterSpec.local(5050, "first"));
				ZkMasterContender second = ZkMasterContender.join(zk.getConnectString(), path(test),
						MasterGeneration.JSON, MasterSpec.local(5051, "second"))) {
			Process process = start("--zk", zkUrl(test), "--watch");
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				JsonNode line = JSON.readTree(lines.readLine());
				assertThat(line.path("state").asString()).isEqualTo("LEADER_KNOWN");
				assertThat(line.path("leader").path("hostname").asString()).isEqualTo("first");
				first.withdraw();
				line = JSON.readTree(lines.readLine());
				assertThat(line.path("leader").path("hostname").asString()).isEqualTo("second");
				second.withdraw();
				line = JSON.readTree(lines.readLine());
				assertThat(line.path("state").asString()).isEqualTo("NO_LEADER");
				assertThat(line.path("leader").isNull()).isTrue();
			}
			finally {
				process.destroy();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void findsMarathonsLeader(TestInfo test) throws Exception {
		String base = "/marathon/" + test.getTestMethod().orElseThrow().getName();
		try (ZkMarathonInstance leader = ZkMarathonInstance.curator(zk.getConnectString(), base, "m1.example:8080",
				true)) {
			assertThat(leader.awaitLeadership(30)).isTrue();
			try (ZkMarathonInstance backup = ZkMarathonInstance.curator(zk.getConnectString(), base, "m2.example:8080",
					true)) {
				Result result = run("--marathon", "--zk", "zk://" + zk.getConnectString() + base, "--url");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				assertThat(result.stdout()).isEqualTo("http://m1.example:8080\n");
				Result all = run("--marathon", "--zk", "zk://" + zk.getConnectString() + base, "-a");
				JsonNode instances = JSON.readTree(all.stdout());
				assertThat(instances.get(0).path("host").asString()).isEqualTo("m1.example");
				assertThat(instances.get(1).path("host").asString()).isEqualTo("m2.example");
			}
		}
	}

	@Test
	void readsTheUrlFromAFile(TestInfo test) throws Exception {
		Path file = Files.createTempFile("zk", ".url");
		Files.writeString(file, zkUrl(test) + "\n");
		try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), path(test), MasterGeneration.PID,
				MasterSpec.local(5050, "old"))) {
			Result result = run("--zk", file.toUri().toString(), "--url", "-v");
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.stdout()).isEqualTo("http://127.0.0.1:5050\n");
			assertThat(result.stderr()).contains("Connecting to ZooKeeper at zk://");
		}
		finally {
			Files.delete(file);
		}
	}

	@Test
	void skipsALeaderZnodeWithAnUnusableAddress(TestInfo test) throws Exception {
		try (CuratorFramework admin = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
			admin.start();
			admin.create()
				.creatingParentsIfNeeded()
				.forPath(path(test) + "/json.info_0000000000",
						"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":70000}}"
							.getBytes(StandardCharsets.UTF_8));
			Result alone = run("--zk", zkUrl(test), "--url", "--timeout", "5");
			assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(1);
			assertThat(alone.stderr()).startsWith("mesos-leader: no leading Mesos master");

			admin.create()
				.forPath(path(test) + "/json.info_0000000001",
						MasterSpec.local(5051, "good").json().getBytes(StandardCharsets.UTF_8));
			Result url = run("--zk", zkUrl(test), "--url");
			assertThat(url.exitCode()).as(url.toString()).isZero();
			assertThat(url.stdout()).isEqualTo("http://127.0.0.1:5051\n");
		}
	}

	@Test
	void theCommandJarCarriesNoSpring() throws IOException {
		try (JarFile jar = new JarFile(JAR.toFile())) {
			assertThat(jar.stream().map(JarEntry::getName))
				.anyMatch((name) -> name.startsWith("io/cairn/mesos/detector/"))
				.noneMatch((name) -> name.startsWith("org/springframework/"))
				.noneMatch((name) -> name.startsWith("io/cairn/mesos/autoconfigure/"));
		}
	}

	private static Process start(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-jar");
		command.add(JAR.toString());
		command.addAll(List.of(args));
		return new ProcessBuilder(command).start();
	}

	private static Result run(String... args) throws Exception {
		Process process = start(args);
		process.getOutputStream().close();
		byte[] stdout = process.getInputStream().readAllBytes();
		byte[] stderr = process.getErrorStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
		return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
				new String(stderr, StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String stdout, String stderr) {
	}

}
