package io.cairn.consul;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agent addresses: a name that does not resolve fails over to the next agent, IPv6
 * literals and zone ids.
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

	@Test
	void anUnknownNameIsAConnectFailureAndTheNextAgentIsTried() throws Exception {
		// .invalid names never resolve (RFC 6761)
		try (Consul consul = Consul.builder().address("missing.invalid:8500").build()) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> {
						assertThat(ex.isTimeout()).isFalse();
						assertThat(ex.getMessage()).contains("could not connect to http://missing.invalid:8500");
					});
		}
		try (ScriptedHttpServer server = new ScriptedHttpServer(ANSWER);
				Consul consul = Consul.builder().addresses(List.of("missing.invalid:8500", server.address())).build()) {
			// a write too: nothing was sent to the first address
			assertThat(consul.kv().put("k", "v")).isTrue();
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(consul.currentAddress()).isEqualTo("http://" + server.address());
		}
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
	void anIpv6ZoneIdIsReadAsInRfc6874() throws Exception {
		Assumptions.assumeTrue(ipv6LoopbackBindable(), "::1 is not bindable on this machine");
		Optional<String> loopback = ipv6LoopbackInterface();
		Assumptions.assumeTrue(loopback.isPresent(), "no interface has ::1");
		String zone = loopback.get();
		try (ScriptedHttpServer server = new ScriptedHttpServer(address("::1"), 0, ANSWER)) {
			for (String address : List.of("http://[::1%25" + zone + "]:" + server.port(),
					"http://[::1%" + zone + "]:" + server.port())) {
				try (Consul consul = Consul.builder().address(address).build()) {
					assertThat(consul.currentAddress()).isEqualTo("http://[::1%" + zone + "]:" + server.port());
					assertThat(consul.kv().getString("k")).contains("v");
				}
			}
			// The JDK's client sends the zone id in the Host header (RFC 6874 says not
			// to;
			// Go's server, hence Consul, takes it).
			assertThat(server.received()).hasSize(2)
				.allSatisfy((request) -> assertThat(request.header("Host"))
					.isEqualTo("[::1%" + zone + "]:" + server.port()));
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
