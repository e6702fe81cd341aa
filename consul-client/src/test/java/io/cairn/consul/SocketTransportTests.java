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

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The socket transport's HTTP/1.1 against scripted answers: what it sends, the framings
 * and interim answers it reads, the header limits, broken answers, the pool (reuse,
 * eviction, unread bodies, stale connections), interrupts in the body, and the fallback
 * to {@code HttpURLConnection} when a proxy applies.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTransportTests {

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

	private static ClientHttpResponse exchange(SocketExchanges exchanges, ScriptedHttpServer server, HttpMethod method,
			String path) throws IOException {
		URI uri = URI.create("http://" + server.address() + path);
		return exchanges.execute(exchanges.route(uri), uri, method, new HttpHeaders(), null, Duration.ofSeconds(5),
				System.nanoTime() + TimeUnit.SECONDS.toNanos(5), method == HttpMethod.GET);
	}

	private static String body(ClientHttpResponse response) throws IOException {
		return new String(((ConsulHttpRequestFactory.AnswerBody) response.getBody()).answer().bytes(),
				StandardCharsets.UTF_8);
	}

	private static SocketExchanges exchanges() {
		return new SocketExchanges(Duration.ofSeconds(2), null, SocketExchanges.IDLE_NANOS, AddressResolver.SYSTEM);
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
			assertThat(get.header("Content-Length")).isNull();
			for (ScriptedHttpServer.Received request : server.received()) {
				assertThat(request.header("Accept-Encoding")).as("Consul then never compresses").isNull();
				assertThat(request.header("Transfer-Encoding")).isNull();
				assertThat(request.header("User-Agent")).as("not HttpURLConnection's").isNull();
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
	void aChunkedAnswerThatAlsoHasAContentLengthIsReadChunkedOnAConnectionNotReused() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ Integer.toHexString(ENTRY.length()) + "\r\n" + ENTRY + "\r\n0\r\n\r\n");
			return true;
		}); Consul consul = client(server)) {
			for (int i = 0; i < 2; i++) {
				assertThat(consul.kv().getString("k")).contains("v");
			}
			assertThat(server.connections()).isEqualTo(2);
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
	void noBodyFor204And304AndHead() throws Exception {
		// A length is announced, but these answers have no body: reading one would
		// swallow the next answer.
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			switch (request.target()) {
				case "/204" -> write(out, "HTTP/1.1 204 No Content\r\n\r\n");
				case "/304" -> write(out, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
				case "/head" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
				default -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			}
			return true;
		})) {
			SocketExchanges exchanges = exchanges();
			for (String path : List.of("/204", "/304")) {
				try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, path)) {
					assertThat(body(response)).isEmpty();
				}
				try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, "/next")) {
					assertThat(body(response)).isEqualTo("ok");
				}
			}
			try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.HEAD, "/head")) {
				assertThat(response.getHeaders().getContentLength()).isEqualTo(50);
				assertThat(body(response)).isEmpty();
			}
			try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, "/next")) {
				assertThat(body(response)).isEqualTo("ok");
			}
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
	void headersAreCaseInsensitiveAndRepeatedOnesKept() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nx-consul-index: 9\r\nX-Multi: a\r\nx-multi:b \r\nContent-Length: "
					+ ENTRY.length() + "\r\n\r\n" + ENTRY);
			return true;
		}); Consul consul = client(server)) {
			assertThat(consul.kv().get("k").index()).isEqualTo(9);
			try (ClientHttpResponse response = exchange(exchanges(), server, HttpMethod.GET, "/x")) {
				assertThat(response.getHeaders().get("X-MULTI")).containsExactly("a", "b");
				assertThat(response.getStatusText()).isEqualTo("OK");
			}
		}
	}

	@Test
	void oversizedHeadersFoldedHeadersAndNonHttpAnswersAreTransportErrors() throws Exception {
		String manyHeaders = "X-H: 1\r\n".repeat(AnswerHeadParser.MAX_HEADERS + 1);
		String hugeHeader = "X-H: " + "a".repeat(AnswerHeadParser.MAX_HEAD) + "\r\n";
		String folded = "X-H: 1\r\n  continued\r\n";
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			String key = request.target().substring(request.target().lastIndexOf('/') + 1);
			switch (key) {
				case "many" -> write(out, "HTTP/1.1 200 OK\r\n" + manyHeaders + "Content-Length: 2\r\n\r\n[]");
				case "huge" -> write(out, "HTTP/1.1 200 OK\r\n" + hugeHeader + "Content-Length: 2\r\n\r\n[]");
				case "folded" -> write(out, "HTTP/1.1 200 OK\r\n" + folded + "Content-Length: 2\r\n\r\n[]");
				case "lengths" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n[]");
				default -> write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
			}
			return true;
		}); Consul consul = client(server)) {
			assertThatThrownBy(() -> consul.kv().get("many")).isInstanceOf(ConsulTransportException.class)
				.hasMessageContaining("header fields");
			assertThatThrownBy(() -> consul.kv().get("huge")).isInstanceOf(ConsulTransportException.class)
				.hasMessageContaining("larger than");
			assertThatThrownBy(() -> consul.kv().get("folded")).isInstanceOf(ConsulTransportException.class)
				.hasMessageContaining("folding");
			assertThatThrownBy(() -> consul.kv().get("lengths")).isInstanceOf(ConsulTransportException.class)
				.hasMessageContaining("Content-Length");
			assertThatThrownBy(() -> consul.kv().get("ssh")).isInstanceOf(ConsulTransportException.class)
				.hasMessageContaining("not HTTP");
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
			for (String key : List.of("short", "chunk", "size", "crlf", "last")) {
				assertThatThrownBy(() -> consul.kv().get(key)).as(key)
					.isInstanceOfSatisfying(ConsulTransportException.class,
							(ex) -> assertThat(ex.isTimeout()).isFalse());
			}
		}
	}

	@Test
	void idleConnectionsAreEvicted() throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			return true;
		})) {
			// Kept for no time at all: every call opens a new connection, and eviction
			// closes the idle one.
			SocketExchanges exchanges = new SocketExchanges(Duration.ofSeconds(2), null, 0, AddressResolver.SYSTEM);
			for (int i = 0; i < 2; i++) {
				try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, "/x")) {
					assertThat(body(response)).isEqualTo("ok");
				}
			}
			assertThat(server.connections()).isEqualTo(2);
			exchanges.evictIdle();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.closedByClient() == 2);
			// Kept: both calls on one connection, until the client is closed.
			SocketExchanges kept = exchanges();
			for (int i = 0; i < 2; i++) {
				try (ClientHttpResponse response = exchange(kept, server, HttpMethod.GET, "/x")) {
					assertThat(body(response)).isEqualTo("ok");
				}
			}
			kept.evictIdle();
			assertThat(server.connections()).isEqualTo(3);
			kept.close();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.closedByClient() == 3);
		}
	}

	@Test
	void anUnreadBodyIsSkippedWhenBufferedOtherwiseItsConnectionIsClosed() throws Exception {
		String large = "y".repeat(200_000);
		try (ScriptedHttpServer server = new ScriptedHttpServer((request, out) -> {
			String body = request.target().equals("/large") ? large : "small";
			write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
			return true;
		})) {
			SocketExchanges exchanges = exchanges();
			exchange(exchanges, server, HttpMethod.GET, "/small").close();
			try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, "/small")) {
				assertThat(body(response)).isEqualTo("small");
			}
			assertThat(server.connections()).as("the small unread body was skipped").isEqualTo(1);
			exchange(exchanges, server, HttpMethod.GET, "/large").close();
			try (ClientHttpResponse response = exchange(exchanges, server, HttpMethod.GET, "/small")) {
				assertThat(body(response)).isEqualTo("small");
			}
			assertThat(server.connections()).as("the large unread body closed its connection").isEqualTo(2);
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
	void anAddressBehindAProxyGoesThroughHttpUrlConnection() throws Exception {
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

	@Test
	void theConnectTimeoutIsBoundedByTheDeadlineAndALongOneMeansNoLimitNotOneMillisecond() {
		// 30 days is past Integer.MAX_VALUE ms: it used to come out as a 1 ms connect
		int thirtyDays = ConsulHttpRequestFactory.millis(Duration.ofDays(30));
		assertThat(SocketConnector.connectMillis(thirtyDays, 5_000)).isEqualTo(5_000);
		assertThat(SocketConnector.connectMillis(thirtyDays, Long.MAX_VALUE / 2)).isEqualTo(Integer.MAX_VALUE);
		assertThat(SocketConnector.connectMillis(2_000, 5_000)).isEqualTo(2_000);
		assertThat(SocketConnector.connectMillis(2_000, 300)).isEqualTo(300);
		assertThat(SocketConnector.connectMillis(2_000, -20)).isEqualTo(1);
	}

	@Test
	void aConnectThatFailsWithARuntimeExceptionLeavesNothingWatched() {
		SocketExchanges exchanges = exchanges();
		// URI accepts a port the socket API rejects with IllegalArgumentException
		URI uri = URI.create("http://127.0.0.1:70000/v1/kv/k");
		assertThatThrownBy(() -> exchanges.execute(exchanges.route(uri), uri, HttpMethod.GET, new HttpHeaders(), null,
				Duration.ofSeconds(5), System.nanoTime() + TimeUnit.SECONDS.toNanos(5), true))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(Watchdog.inFlight())
			.noneMatch((call) -> call instanceof SocketConnection connection && connection.route.port == 70000);
	}

}
