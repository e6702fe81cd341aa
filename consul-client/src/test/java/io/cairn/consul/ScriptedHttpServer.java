package io.cairn.consul;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a plain socket whose answers are scripted byte by byte, for what
 * the simulator cannot do: stall in the middle of a body, trickle headers, close a
 * kept-alive connection without answering, count connections.
 */
final class ScriptedHttpServer implements AutoCloseable {

	/** What to do with one request. */
	@FunctionalInterface
	interface Script {

		/**
		 * Answer a request.
		 * @param request the request as received
		 * @param out the connection's output
		 * @return {@code true} to keep the connection for another request
		 * @throws IOException when writing fails
		 * @throws InterruptedException when the server is closing
		 */
		boolean answer(Received request, OutputStream out) throws IOException, InterruptedException;

	}

	/**
	 * A request as received.
	 *
	 * @param method the method
	 * @param target the request target (path and query)
	 * @param headers the header lines
	 * @param body the body
	 * @param connection the connection's number, from 1
	 * @param sequence the request's number on its connection, from 1
	 */
	record Received(String method, String target, List<String> headers, byte[] body, int connection, int sequence) {

		String header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headers.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.findFirst()
				.orElse(null);
		}

	}

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "scripted-http");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final Script script;

	ScriptedHttpServer(Script script) throws IOException {
		this(InetAddress.getLoopbackAddress(), 0, script);
	}

	/**
	 * A server on a given address and port (0 for any free one), for IPv6 and for names
	 * with several addresses.
	 */
	ScriptedHttpServer(InetAddress address, int port, Script script) throws IOException {
		this.script = script;
		this.server = new ServerSocket(port, 50, address);
		this.threads.execute(this::accept);
	}

	/** An answer with a complete JSON body and Consul's index header. */
	static void json(OutputStream out, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Consul-Index: 7\r\nContent-Length: "
				+ bytes.length + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.write(bytes);
		out.flush();
	}

	String address() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** How many connections were accepted. */
	int connections() {
		return this.connections.get();
	}

	/** How many connections the client closed between requests. */
	int closedByClient() {
		return this.closedByClient.get();
	}

	/** The requests received so far. */
	List<Received> received() {
		return this.received;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				socket.setTcpNoDelay(true);
				this.sockets.add(socket);
				int number = this.connections.incrementAndGet();
				this.threads.execute(() -> serve(socket, number));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket, int connection) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			for (int sequence = 1;; sequence++) {
				Received request = read(in, connection, sequence);
				if (request == null) {
					this.closedByClient.incrementAndGet();
					return;
				}
				this.received.add(request);
				if (!this.script.answer(request, out)) {
					return;
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client went away or the server is closing
		}
	}

	private static Received read(InputStream in, int connection, int sequence) throws IOException {
		String requestLine = line(in);
		if (requestLine == null) {
			return null;
		}
		List<String> headers = new CopyOnWriteArrayList<>();
		int length = 0;
		for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
			headers.add(line);
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		byte[] body = in.readNBytes(length);
		String[] parts = requestLine.split(" ");
		return new Received(parts[0], parts[1], headers, body, connection, sequence);
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != -1; b = in.read()) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

}
