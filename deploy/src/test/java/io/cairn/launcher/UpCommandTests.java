package io.cairn.launcher;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cairn up}'s choices before anything starts: where the apps listen, what it warns
 * about, and which address its port check tries (principle 7 of issue 15, finding M4).
 */
class UpCommandTests {

	@Test
	void m4AppsListenOnLoopbackByDefault(@TempDir Path data) {
		UpCommand up = parse();
		assertThat(up.arguments(Platform.REGISTRY, data)).contains("--server.address=127.0.0.1");
		assertThat(up.exposureWarning()).isNull();
	}

	@Test
	void bindOpensTheAppsWithAWarningThatWritesThenNeedATokenOrAnExplicitOpening(@TempDir Path data) {
		UpCommand up = parse("--bind", "0.0.0.0");
		assertThat(up.arguments(Platform.STATUS, data)).contains("--server.address=0.0.0.0")
			.contains("--cairn.status.discovery.registry.url=http://127.0.0.1:5000");
		assertThat(up.exposureWarning()).contains("0.0.0.0", "CAIRN_SECURITY_TOKEN", "CAIRN_SECURITY_OPEN_WRITES=true");
	}

	@Test
	void statusAggregatorMayPollTheLoopbackAppsOfThisMachine(@TempDir Path data) {
		// It refuses loopback targets by default; under cairn up all it watches is local.
		UpCommand up = parse();
		assertThat(up.arguments(Platform.STATUS, data)).contains("--cairn.status.security.allow-loopback=true");
		assertThat(up.arguments(Platform.REGISTRY, data)).noneMatch((argument) -> argument.contains("allow-loopback"));
	}

	@Test
	void noCredentialsOnTheAppsCommandLine(@TempDir Path data) {
		for (PlatformApp app : Platform.apps()) {
			assertThat(parse().arguments(app, data)).noneMatch((argument) -> argument.contains("password"));
		}
	}

	@Test
	void withExamplesStartsHelloServiceThenHelloCallerAfterThePlatformAgainstTheLocalRegistry(@TempDir Path data) {
		assertThat(parse().apps()).map(PlatformApp::name)
			.containsExactly("registry-service", "status-aggregator", "marathon-consul-bridge");
		UpCommand up = parse("--with-examples", "--port-offset=100");
		assertThat(up.apps()).map(PlatformApp::name)
			.containsExactly("registry-service", "status-aggregator", "marathon-consul-bridge", "hello-service",
					"hello-caller");
		for (PlatformApp example : up.apps().subList(3, 5)) {
			assertThat(up.arguments(example, data)).as(example.name())
				.contains("--server.port=" + example.port(), "--server.address=127.0.0.1",
						"--cairn.registry.client.urls=http://127.0.0.1:5100",
						"--cairn.registry.client.registration.host=127.0.0.1")
				.noneMatch((argument) -> argument.startsWith("--spring.cloud.zookeeper")
						|| argument.startsWith("--spring.datasource") || argument.startsWith("--cairn.data-dir"));
		}
		assertThat(up.apps().get(3).port()).isEqualTo(8190);
		assertThat(up.apps().get(4).consoleUrl()).isEqualTo("http://localhost:8195/call");
	}

	@Test
	void theExamplesRegisterWithTheRegistrysTokenThroughTheirEnvironment(@TempDir Path data) {
		UpCommand up = parse("--with-examples");
		Map<String, String> protectedRegistry = Map.of("CAIRN_SECURITY_TOKEN", "s3cret");
		for (PlatformApp example : Platform.examples()) {
			assertThat(up.environment(example, protectedRegistry)).containsEntry("CAIRN_REGISTRY_TOKEN", "s3cret");
			assertThat(
					up.environment(example, Map.of("CAIRN_SECURITY_TOKEN", "s3cret", "CAIRN_REGISTRY_TOKEN", "scoped")))
				.as("a token of the user's choice is kept")
				.isEmpty();
			assertThat(up.environment(example, Map.of())).as("no token: loopback writes").isEmpty();
			assertThat(up.arguments(example, data)).noneMatch((argument) -> argument.contains("s3cret"));
		}
		assertThat(up.environment(Platform.BRIDGE, protectedRegistry)).doesNotContainKey("CAIRN_REGISTRY_TOKEN");
	}

	@Test
	void m4PortCheckTriesTheAddressTheAppsWillBind(@TempDir Path root) throws Exception {
		Optional<InetAddress> outside = nonLoopbackAddress();
		assumeTrue(outside.isPresent(), "this machine has no non-loopback IPv4 address to try");
		Path jar = Files.createFile(root.resolve("app.jar"));
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(outside.get(), 0));
			PlatformApp app = new PlatformApp("probe", jar.getFileName(), taken.getLocalPort(), null, List.of());
			String[] stores = { "--postgres-port=" + freePort(), "--zookeeper-port=" + freePort() };
			assertThat(parse(stores).checkPrerequisites(root, List.of(app))).as("127.0.0.1 is free").isNull();
			String[] open = { "--bind=0.0.0.0", stores[0], stores[1] };
			assertThat(parse(open).checkPrerequisites(root, List.of(app)))
				.contains("port " + taken.getLocalPort() + " on 0.0.0.0 is in use");
		}
	}

	private static UpCommand parse(String... arguments) {
		UpCommand up = new UpCommand();
		new CommandLine(up).parseArgs(arguments);
		return up;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (network.isUp() && !network.isLoopback()) {
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (address instanceof Inet4Address) {
						return Optional.of(address);
					}
				}
			}
		}
		return Optional.empty();
	}

}
