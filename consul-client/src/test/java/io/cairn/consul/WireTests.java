package io.cairn.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client on the wire against scripted answers: what it sends, the framings and
 * interim answers it reads, broken answers, connection reuse, what is sent again after a
 * kept-alive connection turned out closed, interrupts in the body, and the JVM's proxy
 * selector.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WireTests {

	private static final String ENTRY = "[{\"Key\":\"k\",\"Value\":\"dg==\",\"CreateIndex\":5,\"ModifyIndex\":7}]";

	private static Consul client(ScriptedHttpServer server) {
		return Consul.builder().address(server.address()).readTimeout(Duration.ofSeconds(5)).build();
	}

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/** Blocks the server's connection thread until the server closes. */
	private static void hold() throws InterruptedException {
		new CountDownLatch(1).await();
	}

	@Test
	void requestsCarryHostAndLengthAndNoCompression() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			if (request.method().equals("PUT")) {
				write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue");
			}
			else {
				ScriptedHttpServer.json(out, ENTRY);
			}
			return true;
		}); Consul consul = Consul.builder().address(server.address()).token("secret").build()) {
			assertThat(consul.kv().put("k", "value")).isTrue();
			assertThat(consul.kv().getString("k")).contains("v");
			ScriptedHttpServer.Received put = server.received().get(0);
			assertThat(put.target()).isEqualTo("/v1/kv/k");
			assertThat(put.header("Host")).isEqualTo(server.address());
			assertThat(put.header("Content-Length")).isEqualTo("5");
			assertThat(put.header("X-Consul-Token")).isEqualTo("secret");
			assertThat(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo("value");
			ScriptedHttpServer.Received get = server.received().get(1);
			assertThat(get.method()).isEqualTo("GET");
			assertThat(get.header("Host")).isEqualTo(server.address());
			assertThat(get.body()).isEmpty();
			for (ScriptedHttpServer.Received request : server.received()) {
				assertThat(request.header("Accept-Encoding")).as("Consul then never compresses").isNull();
				assertThat(request.header("Transfer-Encoding")).isNull();
			}
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void headersCannotInjectLines() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		}); Consul consul = Consul.builder().address(server.address()).token("t\r\nX-Evil: 1").build()) {
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("X-Consul-Token");
			assertThat(server.received()).isEmpty();
		}
	}

	@Test
	void chunkedAnswersWithExtensionsAndTrailersKeepTheConnection() throws Exception {
		// Go's net/http chunks answers over about 2 KB: a 30 KB value in chunks written
		// one by one, larger than the read buffer, with a chunk extension and trailers.
		String value = "x".repeat(30_000);
		String json = "[{\"Key\":\"big\",\"Value\":\""
				+ java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
				+ "\",\"CreateIndex\":5,\"ModifyIndex\":7}]";
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Consul-Index: 7\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n");
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			for (int at = 0; at < bytes.length; at += 3000) {
				int size = Math.min(3000, bytes.length - at);
				write(out, Integer.toHexString(size) + ((at == 0) ? ";name=value" : "") + "\r\n");
				out.write(bytes, at, size);
				write(out, "\r\n");
			}
			write(out, "0\r\nX-Trailer: t\r\n\r\n");
			return true;
		}); Consul consul = client(server)) {
			for (int i = 0; i < 3; i++) {
				ConsulResponse<Optional<KeyValue>> answer = consul.kv().get("big");
				assertThat(answer.value()).hasValueSatisfying((kv) -> assertThat(kv.valueAsString()).contains(value));
				assertThat(answer.index()).isEqualTo(7);
			}
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void aChunkedAnswerThatAlsoHasAContentLengthIsNeverTakenForAValue() throws Exception {
		// RFC 9112 reads such an answer by its coding; the JDK's client reads it by its
		// length, so the call fails (decode or transport error) instead of returning a
		// value built from part of the answer.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ Integer.toHexString(ENTRY.length()) + "\r\n" + ENTRY + "\r\n0\r\n\r\n");
			return true;
		}); Consul consul = client(server)) {
			for (int i = 0; i < 2; i++) {
				assertThatThrownBy(() -> consul.kv().getString("k")).isInstanceOf(ConsulException.class);
			}
		}
	}

	/**
	 * Answers {@code true} to everything but the second request on the first connection,
	 * which it reads and leaves unanswered with the connection closed, as an agent that
	 * dropped an idle connection or restarted.
	 */
	private static ScriptedHttpServer droppingTheSecondRequest() throws IOException {
		return new ScriptedHttpServer((request, out) -> {
			if (request.connection() == 1 && request.sequence() == 2) {
				return false;
			}
			write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue");
			return true;
		});
	}

	@Test
	void aRepeatableWriteIsResentOnceWhenItsKeptAliveConnectionWasClosed() throws Exception {
		try (ScriptedHttpServer server = droppingTheSecondRequest(); Consul consul = client(server)) {
			assertThat(consul.kv().put("k", "v")).isTrue();
			consul.agent().registerService(ServiceRegistration.of("web-1", "web"));
			assertThat(server.received()).extracting(ScriptedHttpServer.Received::target)
				.as("the registration went again, on a new connection")
				.containsExactly("/v1/kv/k", "/v1/agent/service/register", "/v1/agent/service/register");
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void aTransactionThatReadsAndWritesIsNotResent() throws Exception {
		try (ScriptedHttpServer server = droppingTheSecondRequest(); Consul consul = client(server)) {
			assertThat(consul.kv().put("k", "v")).isTrue();
			// sent again, its read would fail on the key its first copy deleted
			assertThatThrownBy(() -> consul.txn().begin().kvGet("k").kvDelete("k").execute())
				.isInstanceOf(ConsulTransportException.class);
			assertThat(server.received()).extracting(ScriptedHttpServer.Received::target)
				.containsExactly("/v1/kv/k", "/v1/txn");
		}
	}

	@Test
	void afterAnAgentRestartTheFirstRepeatableWritesOnOldConnectionsSucceed() throws Exception {
		try (ConsulSimulator simulator = ConsulSimulator.start();
				Consul consul = Consul.builder().address(simulator.address()).build()) {
			consul.agent().registerService(ServiceRegistration.of("web-1", "web"));
			// Before each write the agent restarts, so that each meets the one pooled
			// connection the restart closed.
			simulator.restart();
			consul.agent().registerService(ServiceRegistration.of("web-1", "web"));
			simulator.restart();
			assertThat(consul.kv().put("config/a", "1")).isTrue();
			simulator.restart();
			assertThat(consul.txn().begin().kvSet("config/b", "2").kvDelete("config/c").execute().value()).hasSize(1);
			assertThat(consul.kv().getString("config/b")).contains("2");
			simulator.restart();
			consul.agent().registerService(ServiceRegistration.of("web-2", "web"));
			assertThat(consul.agent().services(QueryOptions.NONE).value()).containsOnlyKeys("web-2");
		}
	}

	@Test
	void interimAnswersAreSkipped() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX-Step: 1\r\n\r\n");
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void aBodyWithoutLengthIsReadToTheCloseAndItsConnectionNotReused() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nX-Consul-Index: 7\r\n\r\n" + ENTRY);
			return false;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void connectionCloseIsHonoured() throws Exception {
		// The server would take a second request on the connection: only the header
		// says it should not be reused.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			byte[] body = ENTRY.getBytes(StandardCharsets.UTF_8);
			write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n" + ENTRY);
			return true;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(consul.kv().getString("k")).contains("v");
			assertThat(server.connections()).isEqualTo(2);
			assertThat(server.received()).allMatch((request) -> request.sequence() == 1);
		}
	}

	@Test
	void headerNamesAreCaseInsensitive() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nx-consul-index: 9\r\nX-Multi: a\r\nx-multi:b \r\nContent-Length: "
					+ ENTRY.length() + "\r\n\r\n" + ENTRY);
			return true;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().get("k").index()).isEqualTo(9);
		}
	}

	@Test
	void oversizedHeadersAndNonHttpAnswersAreTransportErrors() throws Exception {
		// The JDK's client refuses a head over jdk.http.maxHeaderSize (384 KB by
		// default).
		String hugeHeader = "X-H: " + "a".repeat(512 * 1024) + "\r\n";
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			String key = request.target().substring(request.target().lastIndexOf('/') + 1);
			switch (key) {
				case "huge" -> write(out, "HTTP/1.1 200 OK\r\n" + hugeHeader + "Content-Length: 2\r\n\r\n[]");
				default -> write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
			}
			return true;
		}); Consul consul = client(server)) {
			assertThatThrownBy(() -> consul.kv().get("huge")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
			assertThatThrownBy(() -> consul.kv().get("ssh")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
		}
	}

	@Test
	void truncatedAndMalformedBodiesAreTransportErrors() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			String key = request.target().substring(request.target().lastIndexOf('/') + 1);
			switch (key) {
				case "short" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{\"Key\":");
				case "chunk" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n[{\"Key\":");
				case "size" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n");
				case "crlf" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]xx0\r\n\r\n");
				default -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n");
			}
			return false;
		}); Consul consul = client(server)) {
			// "crlf" is not here: the JDK's client skips the two bytes after a chunk's
			// data
			// without checking them (the body is still the chunk's bytes).
			for (String key : List.of("short", "chunk", "size", "last")) {
				assertThatThrownBy(() -> consul.kv().get(key)).as(key)
					.isInstanceOfSatisfying(ConsulTransportException.class,
							(ex) -> assertThat(ex.isTimeout()).isFalse());
			}
		}
	}

	@Test
	void concurrentCallersEachGetTheirOwnConnectionAndTheirOwnAnswer() throws Exception {
		// Each answer names the key asked for: an answer read by the wrong caller, or a
		// connection shared by two callers at once, would show up as a wrong value.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			String key = request.target().substring(request.target().lastIndexOf('/') + 1);
			String value = java.util.Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
			ScriptedHttpServer.json(out,
					"[{\"Key\":\"" + key + "\",\"Value\":\"" + value + "\",\"CreateIndex\":5,\"ModifyIndex\":7}]");
			return true;
		}); Consul consul = client(server)) {
			int threads = 6;
			List<Thread> callers = new java.util.ArrayList<>();
			java.util.Queue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
			for (int t = 0; t < threads; t++) {
				int caller = t;
				Thread thread = new Thread(() -> {
					for (int i = 0; i < 50; i++) {
						String key = "k" + caller + "-" + i;
						Optional<String> value = consul.kv().getString(key);
						if (!value.equals(Optional.of(key))) {
							wrong.add(key + " -> " + value);
						}
					}
				});
				callers.add(thread);
				thread.start();
			}
			for (Thread thread : callers) {
				thread.join(TimeUnit.SECONDS.toMillis(20));
			}
			assertThat(wrong).isEmpty();
			assertThat(server.received()).hasSize(threads * 50);
			assertThat(server.connections()).isBetween(1, threads);
		}
	}

	@Test
	void aReadIsRetriedOnlyOnce() throws Exception {
		// Both the kept-alive connection and the new one close without answering.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			if (request.connection() > 1 || request.sequence() > 1) {
				return false;
			}
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().get("k").value()).isPresent();
			assertThatThrownBy(() -> consul.kv().get("k")).isInstanceOf(ConsulTransportException.class);
			assertThat(server.connections()).isEqualTo(2);
			assertThat(server.received()).hasSize(3);
		}
	}

	@Test
	void interruptingACallerBlockedInTheBodyEndsTheCall() throws Exception {
		CountDownLatch headersSent = new CountDownLatch(1);
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nX-Consul-Index: 7\r\nContent-Length: 100\r\n\r\n[{\"Key\":");
			headersSent.countDown();
			hold();
			return false;
		}); Consul consul = Consul.builder().address(server.address()).readTimeout(Duration.ofMinutes(5)).build()) {
			InterruptedCall call = InterruptedCall.start(() -> consul.kv().get("k"));
			assertThat(headersSent.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(call.interruptAndAwaitEnd(20, TimeUnit.SECONDS)).isTrue();
			assertThat(call.failure()).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.isTimeout()).isFalse());
			assertThat(call.stillInterrupted()).isTrue();
		}
	}

	@Test
	void anAddressBehindAProxyGoesThroughTheJvmsProxySelector() throws Exception {
		// The "proxy" is a scripted server: it sees the absolute request target a
		// client sends to an HTTP proxy. The agent's name is never resolved here.
		try (ScriptedHttpServer proxy = new ScriptedHttpServer((request, out) -> {
			ScriptedHttpServer.json(out, ENTRY);
			return true;
		})) {
			ProxySelector original = ProxySelector.getDefault();
			SocketAddress proxyAddress = new InetSocketAddress("127.0.0.1",
					Integer.parseInt(proxy.address().substring(proxy.address().indexOf(':') + 1)));
			ProxySelector.setDefault(new ProxySelector() {
				@Override
				public List<Proxy> select(URI uri) {
					return "consul.proxied.invalid".equals(uri.getHost())
							? List.of(new Proxy(Proxy.Type.HTTP, proxyAddress)) : List.of(Proxy.NO_PROXY);
				}

				@Override
				public void connectFailed(URI uri, SocketAddress address, IOException ex) {
				}
			});
			try (Consul consul = Consul.builder().address("consul.proxied.invalid:8500").build()) {
				assertThat(consul.kv().getString("k")).contains("v");
				assertThat(proxy.received()).singleElement()
					.satisfies((request) -> assertThat(request.target())
						.isEqualTo("http://consul.proxied.invalid:8500/v1/kv/k"));
			}
			finally {
				ProxySelector.setDefault(original);
			}
		}
	}

}
