package io.cairn.testkit.consul;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's HTTP/1.1 server on the wire, as a Go agent's server behaves:
 * keep-alive, request bodies by length and chunked, {@code Expect: 100-continue},
 * canonical header names and a {@code Date}, answers to HEAD without a body, a 400 that
 * closes the connection for a request it cannot read, and a stop that cuts blocked
 * requests.
 */
class SimHttpServerTests {

	private final List<SimHttpServer.Exchange> seen = new CopyOnWriteArrayList<>();

	private final CountDownLatch blocked = new CountDownLatch(1);

	private SimHttpServer server;

	private void start() throws IOException {
		this.server = new SimHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (exchange) -> {
			this.seen.add(exchange);
			if (exchange.target.equals("/block")) {
				this.blocked.countDown();
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			if (exchange.target.equals("/stream")) {
				try (OutputStream out = exchange.respondChunked(200, Map.of("content-type", "text/plain"))) {
					out.write("one\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					out.write("two\n".getBytes(StandardCharsets.UTF_8));
				}
				return;
			}
			if (exchange.target.equals("/short")) {
				exchange.respondShort(200, Map.of(), "abc".getBytes(StandardCharsets.UTF_8), 10);
				return;
			}
			exchange.respond(200, Map.of("x-consul-index", "7", "content-type", "application/json"),
					("{\"got\":" + exchange.body.length + "}").getBytes(StandardCharsets.UTF_8));
		}, "test-sim");
		this.server.start();
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void twoRequestsShareAKeptAliveConnectionAndAnswersCarryGoHeaders() throws Exception {
		start();
		try (Socket socket = connect()) {
			send(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
			String first = readAnswer(socket.getInputStream());
			send(socket, "PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
			String second = readAnswer(socket.getInputStream());
			assertThat(first).startsWith("HTTP/1.1 200 OK\r\n")
				.contains("\r\nX-Consul-Index: 7\r\n", "\r\nContent-Type: application/json\r\n", "\r\nDate: ",
						"\r\nContent-Length: 9\r\n")
				.doesNotContain("Connection: close")
				.endsWith("\r\n\r\n{\"got\":0}");
			assertThat(second).endsWith("{\"got\":5}");
		}
		assertThat(this.seen).extracting((exchange) -> exchange.method + " " + exchange.target)
			.containsExactly("GET /a", "PUT /b");
		assertThat(this.seen.get(1).headers).containsEntry("content-length", List.of("5"));
	}

	@Test
	void aChunkedBodyIsReadWholeAfterA100Continue() throws Exception {
		start();
		try (Socket socket = connect()) {
			send(socket, "PUT /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
			InputStream in = socket.getInputStream();
			assertThat(readHead(in)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
			send(socket, "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: t\r\n\r\n");
			assertThat(readAnswer(in)).endsWith("{\"got\":7}");
		}
		assertThat(new String(this.seen.get(0).body, StandardCharsets.UTF_8)).isEqualTo("abcdefg");
	}

	@Test
	void aHeadAnswerHasNoBodyAndAConnectionCloseIsHonoured() throws Exception {
		start();
		try (Socket socket = connect()) {
			send(socket, "HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			assertThat(head).contains("\r\nContent-Length: 9\r\n", "\r\nConnection: close\r\n");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void aRequestThatCannotBeReadGetsA400AndTheConnectionCloses() throws Exception {
		start();
		try (Socket socket = connect()) {
			send(socket, "NONSENSE\r\n\r\n");
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close");
		}
		try (Socket socket = connect()) {
			send(socket, "GET /v1/kv/a|b^ HTTP/1.1\r\n\r\n");
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
				.startsWith("HTTP/1.1 400 ");
		}
		try (Socket socket = connect()) {
			send(socket, "PUT /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
				.startsWith("HTTP/1.1 400 ");
		}
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aStreamIsChunkedAndAShortAnswerClosesTheConnection() throws Exception {
		start();
		try (Socket socket = connect()) {
			send(socket, "GET /stream HTTP/1.1\r\n\r\n");
			InputStream in = socket.getInputStream();
			assertThat(readHead(in)).contains("\r\nTransfer-Encoding: chunked\r\n").doesNotContain("Content-Length");
			assertThat(readUntil(in, "0\r\n\r\n")).isEqualTo("4\r\none\n\r\n4\r\ntwo\n\r\n0\r\n\r\n");
			send(socket, "GET /short HTTP/1.1\r\n\r\n");
			String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).contains("\r\nContent-Length: 10\r\n").endsWith("\r\n\r\nabc");
		}
	}

	@Test
	void closingCutsABlockedRequestAndRefusesNewConnections() throws Exception {
		start();
		int port = this.server.port();
		try (Socket socket = connect()) {
			send(socket, "GET /block HTTP/1.1\r\n\r\n");
			assertThat(this.blocked.await(5, TimeUnit.SECONDS)).isTrue();
			this.server.close();
			socket.setSoTimeout(5000);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(serves(port)).as("a request on a new connection reached the closed server").isFalse();
	}

	@Test
	void headerNamesAreWrittenInGosCanonicalForm() {
		assertThat(SimHttpServer.canonical("x-consul-knownleader")).isEqualTo("X-Consul-Knownleader");
		assertThat(SimHttpServer.canonical("CONTENT-TYPE")).isEqualTo("Content-Type");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port());
		socket.setSoTimeout(10_000);
		return socket;
	}

	/**
	 * Whether a request on a new connection to the port reaches this test's handler. Not
	 * whether the port refuses: on a shared machine anything may bind a freed port, and a
	 * connect to a free ephemeral port can even meet itself.
	 */
	private boolean serves(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(1000);
			send(socket, "GET /after HTTP/1.1\r\n\r\n");
			socket.getInputStream().read();
		}
		catch (IOException ex) {
			// refused, reset or silent: not served here
		}
		return this.seen.stream().anyMatch((exchange) -> exchange.target.equals("/after"));
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static String readHead(InputStream in) throws IOException {
		return readUntil(in, "\r\n\r\n");
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			read.write(b);
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

	/** A head and the body its Content-Length announces. */
	private static String readAnswer(InputStream in) throws IOException {
		String head = readHead(in);
		int at = head.indexOf("Content-Length: ") + "Content-Length: ".length();
		int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)));
		return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
	}

}
