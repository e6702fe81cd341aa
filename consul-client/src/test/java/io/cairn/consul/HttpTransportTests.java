package io.cairn.consul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport's deadlines and interrupts against servers that misbehave in ways the
 * simulator does not: a body that stalls or trickles past the deadline, headers that
 * trickle, a kept-alive connection closed under a write; and connection reuse, interrupts
 * and long blocking queries against the simulator.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpTransportTests {

	private static final String ENTRY = "[{\"Key\":\"k\",\"Value\":\"dg==\",\"CreateIndex\":5,\"ModifyIndex\":7}]";

	private static ConsulSimulator simulator;

	@BeforeAll
	static void start() {
		simulator = ConsulSimulator.start();
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	private static Consul.Builder builder() {
		return Consul.builder();
	}

	private static Consul client(ScriptedHttpServer server, Duration readTimeout) {
		return builder().address(server.address()).readTimeout(readTimeout).build();
	}

	/** Blocks the server's connection thread until the server closes. */
	private static void hold() throws InterruptedException {
		new CountDownLatch(1).await();
	}

	@Test
	void aBodyThatStallsAfterTheHeadersTimesOut() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Consul-Index: 7\r\n"
					+ "Content-Length: 100\r\n\r\n[{\"Key\":")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			hold();
			return false;
		}); Consul consul = client(server, Duration.ofMillis(800))) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> {
						assertThat(ex.isTimeout()).isTrue();
						assertThat(ex.getMessage()).contains("within 800 ms");
					});
		}
	}

	@Test
	void aBodyThatTricklesPastTheDeadlineTimesOut() throws Exception {
		// Every byte arrives well within the read timeout: only the deadline of the
		// whole exchange ends the call.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			while (true) {
				out.write(' ');
				out.flush();
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}); Consul consul = client(server, Duration.ofMillis(600))) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isTrue());
		}
	}

	@Test
	void headersThatTricklePastTheDeadlineTimeOut() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
			while (true) {
				out.write("X-Slow: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}); Consul consul = client(server, Duration.ofMillis(600))) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isTrue());
		}
	}

	@Test
	void aHugeAnnouncedLengthWithAFewBytesIsATransportErrorNotAnAllocation() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n[]"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return false;
		}); Consul consul = client(server, Duration.ofSeconds(5))) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
		}
	}

	@Test
	void connectionsAreKeptAliveAcrossCallsAndErrorAnswers() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			if (request.method().equals("PUT")) {
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			else if (request.target().contains("missing")) {
				out.write("HTTP/1.1 404 Not Found\r\nX-Consul-Index: 9\r\nContent-Length: 0\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			else {
				ScriptedHttpServer.json(out, ENTRY);
			}
			return true;
		}); Consul consul = client(server, Duration.ofSeconds(5))) {
			for (int i = 0; i < 20; i++) {
				assertThat(consul.kv().getString("k")).contains("v");
				assertThat(consul.kv().put("k", "v")).isTrue();
				ConsulResponse<?> missing = consul.kv().get("missing");
				assertThat(missing.value()).isEqualTo(Optional.empty());
				assertThat(missing.index()).isEqualTo(9);
			}
			assertThat(server.received()).hasSize(60);
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void aWriteIsNotSentTwiceWhenItsKeptAliveConnectionWasClosed() throws Exception {
		// The second request on the first connection is read and left unanswered with
		// the connection closed, as by a server that dropped an idle connection at the
		// wrong moment.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			if (request.connection() == 1 && request.sequence() == 2) {
				return false;
			}
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		}); Consul consul = client(server, Duration.ofSeconds(5))) {
			assertThat(consul.kv().get("k").value()).isPresent();
			// a check-and-set: sent twice, the second would fail although the first wrote
			assertThatThrownBy(() -> consul.txn().begin().kvCas("k", "v".getBytes(StandardCharsets.UTF_8), 7).execute())
				.isInstanceOfSatisfying(ConsulTransportException.class, (ex) -> assertThat(ex.isTimeout()).isFalse());
			assertThat(server.received()).extracting(ScriptedHttpServer.Received::method)
				.as("the transaction was sent once")
				.containsExactly("GET", "PUT");
		}
	}

	@Test
	void aReadIsRetriedOnceWhenItsKeptAliveConnectionWasClosed() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			if (request.connection() == 1 && request.sequence() == 2) {
				return false;
			}
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		}); Consul consul = client(server, Duration.ofSeconds(5))) {
			assertThat(consul.kv().get("k").value()).isPresent();
			assertThat(consul.kv().get("k").value()).as("the read went again on a new connection").isPresent();
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void interruptingTheCallerEndsItsBlockingQuery() {
		try (Consul consul = builder().address(simulator.address()).build()) {
			consul.kv().put("interrupt/key", "v");
			long index = consul.kv().get("interrupt/key").index();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
			Thread caller = new Thread(() -> {
				try {
					consul.kv().get("interrupt/key", QueryOptions.NONE.index(index).waitFor("5m"));
				}
				catch (RuntimeException ex) {
					failure.set(ex);
				}
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			});
			caller.start();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> simulator.requests("/v1/kv/interrupt/key")
					.stream()
					.anyMatch((r) -> r.param("index") != null));
			caller.interrupt();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !caller.isAlive());
			assertThat(failure.get()).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
			assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
		}
	}

	@Test
	void anInterruptedThreadDoesNotCallAtAll() {
		try (Consul consul = builder().address(simulator.address()).build()) {
			simulator.clearRequests();
			Thread.currentThread().interrupt();
			try {
				assertThatThrownBy(() -> consul.kv().get("interrupt/none"))
					.isInstanceOf(ConsulTransportException.class);
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
			assertThat(simulator.requests("/v1/kv/interrupt/none")).isEmpty();
		}
	}

	@Test
	void aBlockingQueryMayOutlastTheReadTimeoutManyTimes() {
		// The read timeout (300 ms) only bounds ordinary calls: a blocking query waits
		// for wait + wait/16 + margin.
		try (Consul consul = builder().address(simulator.address())
			.readTimeout(Duration.ofMillis(300))
			.blockingTimeoutMargin(Duration.ofMillis(500))
			.build()) {
			consul.kv().put("long/key", "v");
			long index = consul.kv().get("long/key").index();
			ConsulResponse<Optional<KeyValue>> answer = consul.kv()
				.get("long/key", QueryOptions.NONE.index(index).waitFor(Duration.ofSeconds(2)));
			assertThat(answer.index()).as("no change: Consul answered at the end of the wait").isEqualTo(index);
			assertThat(consul.kv().getString("long/key")).contains("v");
		}
	}

}
