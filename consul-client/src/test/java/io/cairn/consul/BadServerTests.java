package io.cairn.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.AbstractSimulatedAgentTests.Agent;
import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.kv.KeyValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input and bad servers: truncated and cut answers, unknown fields, hanging servers,
 * rate limiting, server errors, unreachable agents with failover, and no leaked threads.
 */
@Agent(readTimeoutSeconds = 2)
class BadServerTests extends AbstractSimulatedAgentTests {

	@AfterEach
	void clearFaults() {
		simulator.faults().clear();
	}

	@Test
	void truncatedJsonIsADecodeErrorWithTheBody() {
		consul.kv().put("bad/truncated", "value");
		simulator.faults().truncateNext("/v1/kv/bad/truncated");
		assertThatThrownBy(() -> consul.kv().get("bad/truncated")).isInstanceOfSatisfying(ConsulDecodeException.class,
				(ex) -> {
					assertThat(ex.status()).isEqualTo(200);
					assertThat(ex.endpoint()).isEqualTo("/v1/kv/{key}");
					assertThat(ex.bodyText()).startsWith("[{");
				});
		assertThat(consul.kv().getString("bad/truncated")).as("the next call is fine").contains("value");
	}

	@Test
	void aConnectionCutShortIsATransportError() {
		consul.kv().put("bad/cut", "value");
		simulator.faults().cutConnectionNext("/v1/kv/bad/cut");
		assertThatThrownBy(() -> consul.kv().put("bad/cut", "again"))
			.isInstanceOfSatisfying(ConsulTransportException.class, (ex) -> assertThat(ex.isTimeout()).isFalse());
	}

	@Test
	void unknownFieldsFromNewerConsulVersionsAreIgnored() {
		consul.kv().put("bad/extra", "value");
		simulator.faults().extraFields(true);
		assertThat(consul.kv().get("bad/extra").value().orElseThrow().valueAsString()).contains("value");
		assertThat(consul.health().service("consul").value()).singleElement()
			.satisfies((ServiceHealth s) -> assertThat(s.node().node()).isEqualTo(simulator.nodeName()));
		assertThat(consul.agent().self().value().datacenter()).isEqualTo("dc1");
		assertThat(consul.catalog().services(QueryOptions.NONE).value()).containsKey("consul");
	}

	@Test
	void aHangingServerTimesOutWithinTheReadTimeout() {
		simulator.faults().hang("/v1/kv/bad/hang");
		assertThatThrownBy(() -> consul.kv().get("bad/hang")).isInstanceOfSatisfying(ConsulTransportException.class,
				(ex) -> {
					assertThat(ex.isTimeout()).isTrue();
					assertThat(ex.getMessage()).contains("within 2000 ms");
				});
	}

	@Test
	void blockingReadsGetAReadTimeoutLongerThanWaitPlusJitter() {
		try (Consul strict = Consul.builder()
			.address(simulator.address())
			.readTimeout(Duration.ofMillis(100))
			.blockingTimeoutMargin(Duration.ofMillis(500))
			.build()) {
			consul.kv().put("bad/block", "v");
			long index = consul.kv().get("bad/block").index();
			// The wait (1 s) is ten times the ordinary read timeout: the call must still
			// succeed.
			ConsulResponse<Optional<KeyValue>> answer = strict.kv()
				.get("bad/block", QueryOptions.NONE.index(index).waitFor(Duration.ofSeconds(1)));
			assertThat(answer.index()).isEqualTo(index);
		}
	}

	@Test
	void serverErrorsAndLeaderlessClustersAreTyped() {
		simulator.faults().failNext("/v1/kv/bad/500", 500, "rpc error: simulated", 1);
		assertThatThrownBy(() -> consul.kv().get("bad/500")).isInstanceOfSatisfying(ConsulServerException.class,
				(ex) -> {
					assertThat(ex.status()).isEqualTo(500);
					assertThat(ex.bodyText()).contains("rpc error");
				});
		simulator.faults().noLeader(true);
		assertThatThrownBy(() -> consul.kv().get("bad/x")).isInstanceOf(ConsulServerException.class)
			.hasMessageContaining("No cluster leader");
		ConsulResponse<Optional<KeyValue>> stale = consul.kv().get("bad/x", QueryOptions.NONE.stale());
		assertThat(stale.meta().knownLeader()).isFalse();
		assertThat(stale.meta().lastContact()).isEqualTo(Duration.ofSeconds(30));
		assertThat(consul.status().leader()).isEmpty();
	}

	@Test
	void badParametersAreRequestErrors() {
		assertThatThrownBy(() -> consul.raw("GET", "kv/x", java.util.Map.of("index", "abc"), null, QueryOptions.NONE))
			.isInstanceOfSatisfying(ConsulRequestException.class, (ex) -> assertThat(ex.status()).isEqualTo(400));
		assertThatThrownBy(() -> consul.raw("GET", "kv/x", java.util.Map.of("stale", "", "consistent", ""), null,
				QueryOptions.NONE))
			.isInstanceOf(ConsulRequestException.class);
		assertThatThrownBy(() -> QueryOptions.NONE.cached().consistent()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> QueryOptions.NONE.waitFor("soon")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void rateLimitingCarriesRetryAfter() throws IOException {
		HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		stub.createContext("/", (exchange) -> {
			byte[] body = "rate limit exceeded".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Retry-After", "7");
			exchange.sendResponseHeaders(429, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		stub.start();
		try (Consul limited = Consul.builder().address("127.0.0.1:" + stub.getAddress().getPort()).build()) {
			assertThatThrownBy(() -> limited.kv().put("x", "y")).isInstanceOfSatisfying(ConsulRateLimitException.class,
					(ex) -> {
						assertThat(ex.status()).isEqualTo(429);
						assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
					});
		}
		finally {
			stub.stop(0);
		}
	}

	@Test
	void unreachableAgentsFailOverToTheNextAddress() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (Consul failover = Consul.builder()
			.addresses(List.of("127.0.0.1:" + closedPort, simulator.address()))
			.build()) {
			assertThat(failover.status().leader()).isNotEmpty();
			assertThat(failover.currentAddress()).isEqualTo("http://" + simulator.address());
			assertThat(failover.kv().put("bad/failover", "ok")).as("writes fail over on connect errors too").isTrue();
		}
		try (Consul nothing = Consul.builder().address("127.0.0.1:" + closedPort).build()) {
			assertThatThrownBy(() -> nothing.kv().get("x")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.getMessage()).contains("could not connect"));
		}
	}

	@Test
	void asyncCallsFailWithTheSameTypedExceptions() {
		simulator.faults().failNext("/v1/kv/bad/async", 503, 1);
		assertThat(consul.async((c) -> c.kv().get("bad/async"))).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(ConsulServerException.class);
	}

	@Test
	void nothingLeaksAfterManyFailedAndSuccessfulCalls() {
		AtomicInteger failures = new AtomicInteger();
		int before = Thread.activeCount();
		for (int i = 0; i < 50; i++) {
			simulator.faults().failNext("/v1/kv/bad/loop", 500, 1);
			try {
				consul.kv().get("bad/loop");
			}
			catch (ConsulServerException ex) {
				failures.incrementAndGet();
			}
			consul.kv().get("bad/loop");
		}
		assertThat(failures).hasValue(50);
		assertThat(Thread.activeCount()).as("no thread per call").isLessThan(before + 10);
		Set<String> names = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.collect(java.util.stream.Collectors.toSet());
		assertThat(names).noneMatch((name) -> name.startsWith("consul-watch"));
	}

}
