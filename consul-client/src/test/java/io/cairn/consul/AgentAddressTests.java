package io.cairn.consul;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agent addresses as the socket transport reaches them: names with several addresses
 * tried in order, name lookups bounded by the call's deadline, IP literals resolved
 * without a hand-off, IPv6 literals and zone ids.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentAddressTests {

	private static final String ENTRY = "[{\"Key\":\"k\",\"Value\":\"dg==\",\"CreateIndex\":5,\"ModifyIndex\":7}]";

	private static final ScriptedHttpServer.Script ANSWER = (request, out) -> {
		if (request.method().equals("PUT")) {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}
		else {
			ScriptedHttpServer.json(out, ENTRY);
		}
		return true;
	};

	private static InetAddress address(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

	/** The calls of a host the watchdog still watches. */
	private static List<Watchdog> watched(String host) {
		return Watchdog.inFlight()
			.stream()
			.filter((call) -> call instanceof SocketConnection connection && connection.route.host.equals(host))
			.toList();
	}

	/**
	 * A lookup of {@code hangs.test} that blocks until released, counting its calls;
	 * other hosts are the JDK's.
	 */
	private static final class HangingLookup implements AddressResolver.Lookup {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public InetAddress[] lookup(String host) throws UnknownHostException {
			if (!host.equals("hangs.test")) {
				return InetAddress.getAllByName(host);
			}
			this.calls.incrementAndGet();
			this.started.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new UnknownHostException(host);
		}

	}

	@Test
	void theAddressesOfANameAreTriedInOrderAndOneThatRefusesMovesToTheNext() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		AddressResolver resolver = new AddressResolver((host) -> {
			lookups.incrementAndGet();
			assertThat(host).isEqualTo("consul.test");
			// nothing listens on 127.0.0.2 at the server's port: it refuses
			return new InetAddress[] { address("127.0.0.2"), address("127.0.0.1") };
		});
		try (ScriptedHttpServer second = new ScriptedHttpServer(ANSWER);
				Consul consul = Consul.builder().address("consul.test:" + second.port()).resolver(resolver).build()) {
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(second.received()).singleElement()
				.satisfies((request) -> assertThat(request.header("Host")).isEqualTo("consul.test:" + second.port()));
			assertThat(lookups).hasValue(1);
			// The first address, once it listens, takes the calls of a new client.
			ScriptedHttpServer first;
			try {
				first = new ScriptedHttpServer(address("127.0.0.2"), second.port(), ANSWER);
			}
			catch (IOException ex) {
				Assumptions.abort("cannot listen on 127.0.0.2 here: " + ex);
				return;
			}
			try (first;
					Consul fresh = Consul.builder()
						.address("consul.test:" + second.port())
						.resolver(resolver)
						.build()) {
				assertThat(fresh.kv().getString("k")).contains("v");
				assertThat(first.received()).hasSize(1);
				assertThat(second.received()).hasSize(1);
			}
		}
	}

	@Test
	void aLookupThatHangsIsCutOffAtTheCallsTimeoutAsAConnectFailure() {
		HangingLookup lookup = new HangingLookup();
		try (Consul consul = Consul.builder()
			.address("hangs.test:8500")
			.readTimeout(Duration.ofMillis(300))
			.resolver(new AddressResolver(lookup))
			.build()) {
			for (int call = 0; call < 2; call++) {
				long start = System.nanoTime();
				// Not a timeout: nothing was sent, as when a connect times out, and the
				// next agent address (if any) is tried.
				assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
						(ex) -> {
							assertThat(ex.isTimeout()).isFalse();
							assertThat(ex.getMessage()).contains("could not connect to http://hangs.test:8500")
								.contains("lookup of hangs.test timed out after");
							assertThat(ex.getCause()).isInstanceOf(ConnectException.class);
						});
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
						Duration.ofSeconds(3));
			}
			assertThat(lookup.calls).as("the second call waited on the first's lookup").hasValue(1);
			assertThat(watched("hangs.test")).isEmpty();
		}
		finally {
			lookup.release.countDown();
		}
	}

	@Test
	void aLookupThatHangsFailsOverToTheNextAgent() throws Exception {
		HangingLookup lookup = new HangingLookup();
		try (ScriptedHttpServer server = new ScriptedHttpServer(ANSWER);
				Consul consul = Consul.builder()
					.addresses(List.of("hangs.test:8500", server.address()))
					.connectTimeout(Duration.ofMillis(300))
					.resolver(new AddressResolver(lookup))
					.build()) {
			// a write too: nothing was sent to the first address
			assertThat(consul.kv().put("k", "v")).isTrue();
			assertThat(consul.currentAddress()).isEqualTo("http://" + server.address());
		}
		finally {
			lookup.release.countDown();
		}
	}

	@Test
	void interruptingACallerWaitingForALookupEndsTheCallWithoutFailover() throws Exception {
		HangingLookup lookup = new HangingLookup();
		try (ScriptedHttpServer server = new ScriptedHttpServer(ANSWER);
				Consul consul = Consul.builder()
					.addresses(List.of("hangs.test:8500", server.address()))
					.resolver(new AddressResolver(lookup))
					.build()) {
			InterruptedCall call = InterruptedCall.start(() -> consul.kv().get("k"));
			assertThat(lookup.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(call.interruptAndAwaitEnd(2, TimeUnit.SECONDS)).isTrue();
			assertThat(call.failure()).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
			assertThat(call.stillInterrupted()).as("the interrupt is kept for the caller").isTrue();
			assertThat(server.received()).isEmpty();
			assertThat(watched("hangs.test")).isEmpty();
		}
		finally {
			lookup.release.countDown();
		}
	}

	@Test
	void anUnknownNameIsAConnectFailureAndTheNextAgentIsTried() throws Exception {
		AddressResolver resolver = new AddressResolver((host) -> {
			if (host.equals("missing.test")) {
				throw new UnknownHostException(host + ": Name or service not known");
			}
			return InetAddress.getAllByName(host);
		});
		try (Consul consul = Consul.builder().address("missing.test:8500").resolver(resolver).build()) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> {
						assertThat(ex.isTimeout()).isFalse();
						assertThat(ex.getMessage()).contains("missing.test: Name or service not known");
						assertThat(ex).hasRootCauseInstanceOf(UnknownHostException.class);
					});
		}
		try (ScriptedHttpServer server = new ScriptedHttpServer(ANSWER);
				Consul consul = Consul.builder()
					.addresses(List.of("missing.test:8500", server.address()))
					.resolver(resolver)
					.build()) {
			assertThat(consul.kv().getString("k")).contains("v");
		}
	}

	@Test
	void anIpLiteralIsResolvedOnTheCallingThreadWithoutAHandOff() throws Exception {
		AtomicInteger handOffs = new AtomicInteger();
		Executor counting = (task) -> {
			handOffs.incrementAndGet();
			new Thread(task).start();
		};
		List<Thread> lookupThreads = new CopyOnWriteArrayList<>();
		AddressResolver resolver = new AddressResolver((host) -> {
			lookupThreads.add(Thread.currentThread());
			return InetAddress.getAllByName(host.equals("agent.test") ? "127.0.0.1" : host);
		}, counting);
		try (ScriptedHttpServer server = new ScriptedHttpServer(ANSWER)) {
			try (Consul consul = Consul.builder().address(server.address()).resolver(resolver).build()) {
				assertThat(consul.kv().getString("k")).contains("v");
				assertThat(handOffs).hasValue(0);
				assertThat(lookupThreads).containsExactly(Thread.currentThread());
			}
			try (Consul consul = Consul.builder().address("agent.test:" + server.port()).resolver(resolver).build()) {
				assertThat(consul.kv().getString("k")).contains("v");
				assertThat(handOffs).as("a name is looked up on another thread").hasValue(1);
				assertThat(lookupThreads).hasSize(2).last().isNotSameAs(Thread.currentThread());
			}
		}
		assertThat(AddressResolver.isLiteral("127.0.0.1")).isTrue();
		assertThat(AddressResolver.isLiteral("::1")).isTrue();
		assertThat(AddressResolver.isLiteral("fe80::1%eth0")).isTrue();
		// the JDK looks these up as names: they must not be resolved inline
		assertThat(AddressResolver.isLiteral("1.2.3.456")).isFalse();
		assertThat(AddressResolver.isLiteral("1.2.3.4.5")).isFalse();
		assertThat(AddressResolver.isLiteral("1.2..3")).isFalse();
		assertThat(AddressResolver.isLiteral("consul.service")).isFalse();
	}

	@Test
	void aFirstAddressThatDoesNotAnswerLeavesTheNextAShareOfTheTime() {
		// 10 s left and two addresses: 5 s each, within the connect timeout
		assertThat(SocketConnector.attemptMillis(8_000, 10_000, 2)).isEqualTo(5_000);
		// the connect timeout still bounds each one
		assertThat(SocketConnector.attemptMillis(2_000, 10_000, 2)).isEqualTo(2_000);
		// a share is never below 2 s while there is that much time left
		assertThat(SocketConnector.attemptMillis(5_000, 3_000, 3)).isEqualTo(2_000);
		assertThat(SocketConnector.attemptMillis(5_000, 1_500, 3)).isEqualTo(1_500);
		// the last address gets all the time left, as a single one always did
		assertThat(SocketConnector.attemptMillis(5_000, 3_000, 1)).isEqualTo(3_000);
		assertThat(SocketConnector.attemptMillis(0, 3_000, 1)).isEqualTo(3_000);
		assertThat(SocketConnector.attemptMillis(5_000, -20, 2)).isEqualTo(1);
	}

	/** Whether this machine can listen on ::1 (some containers have no IPv6). */
	private static boolean ipv6LoopbackBindable() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(address("::1"), 0));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	void anIpv6AgentAddressWorksEndToEnd() throws Exception {
		Assumptions.assumeTrue(ipv6LoopbackBindable(), "::1 is not bindable on this machine");
		try (ScriptedHttpServer server = new ScriptedHttpServer(address("::1"), 0, ANSWER);
				Consul consul = Consul.builder().address("http://[::1]:" + server.port()).build()) {
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(consul.currentAddress()).isEqualTo("http://[::1]:" + server.port());
			assertThat(server.received()).singleElement()
				.satisfies((request) -> assertThat(request.header("Host")).isEqualTo("[::1]:" + server.port()));
		}
		try (Consul consul = Consul.builder().address("[::1]").build()) {
			assertThat(consul.currentAddress()).as("the default port").isEqualTo("http://[::1]:8500");
		}
	}

	/** The name of an interface that has ::1, if any. */
	private static Optional<String> ipv6LoopbackInterface() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter((candidate) -> candidate.inetAddresses()
				.anyMatch((address) -> address instanceof Inet6Address && address.isLoopbackAddress()))
			.map(NetworkInterface::getName)
			.filter((name) -> name.matches("[A-Za-z0-9_.]+"))
			.findFirst();
	}

	@Test
	void anIpv6ZoneIdIsReadAsInRfc6874AndNotSentInTheHostHeader() throws Exception {
		Assumptions.assumeTrue(ipv6LoopbackBindable(), "::1 is not bindable on this machine");
		Optional<String> loopback = ipv6LoopbackInterface();
		Assumptions.assumeTrue(loopback.isPresent(), "no interface has ::1");
		String zone = loopback.get();
		try (ScriptedHttpServer server = new ScriptedHttpServer(address("::1"), 0, ANSWER)) {
			for (String address : List.of("http://[::1%25" + zone + "]:" + server.port(),
					"http://[::1%" + zone + "]:" + server.port())) {
				try (Consul consul = Consul.builder().address(address).build();
						Consul fallback = Consul.builder().urlConnectionOnly().address(address).build()) {
					assertThat(consul.currentAddress()).isEqualTo("http://[::1%" + zone + "]:" + server.port());
					assertThat(consul.kv().getString("k")).contains("v");
					assertThat(fallback.kv().getString("k")).as("HttpURLConnection reads the same form").contains("v");
				}
			}
			assertThat(server.received()).hasSize(4)
				.allSatisfy((request) -> assertThat(request.header("Host")).isEqualTo("[::1]:" + server.port()));
		}
	}

	@Test
	void aZoneIdNoInterfaceHasIsAConnectFailureAndOneUriCannotHoldIsRejectedAtBuildTime() {
		try (Consul consul = Consul.builder().address("http://[fe80::1%25nosuch0]:8500").build()) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> {
						assertThat(ex.isTimeout()).isFalse();
						assertThat(ex.getMessage()).contains("could not connect to http://[fe80::1%nosuch0]:8500")
							.contains("nosuch0");
					});
		}
		assertThatThrownBy(() -> Consul.builder().address("http://[fe80::1%25br-lan]:8500").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Not a Consul address: http://[fe80::1%25br-lan]:8500")
			.hasMessageContaining("scope id")
			.hasMessageContaining("interface's index");
		assertThatThrownBy(() -> Consul.builder().address("http://[fe80::1%]:8500").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Not a Consul address");
	}

}
