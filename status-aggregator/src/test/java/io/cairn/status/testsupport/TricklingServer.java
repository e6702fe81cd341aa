package io.cairn.status.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP server on loopback for targets that misbehave at the byte level. A
 * path starting with {@code /trickle} answers status and headers at once, then one body
 * byte every 200 ms (each well within any read timeout) until the client gives up or the
 * server is closed. A path starting with {@code /fickle} answers a quick OK while
 * {@link #fickle(boolean)} is false and trickles while it is true. Anything else gets a
 * quick OK. Every connection is a thread of its own, as a hostile server would hold them.
 */
public final class TricklingServer implements AutoCloseable {

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger finished = new AtomicInteger();

	private final Map<String, AtomicInteger> finishedByPath = new ConcurrentHashMap<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private volatile boolean fickle;

	public TricklingServer() {
		try {
			this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::accept, "trickling-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getLocalPort() + path;
	}

	/** Whether {@code /fickle} paths trickle from now on. */
	public void fickle(boolean trickle) {
		this.fickle = trickle;
	}

	/** Connections accepted so far. */
	public int accepted() {
		return this.accepted.get();
	}

	/** Connections the client ended (or that answered in full). */
	public int finished() {
		return this.finished.get();
	}

	/** Requests for a path that ended (the client gave up, or the answer was sent). */
	public int finished(String path) {
		AtomicInteger count = this.finishedByPath.get(path);
		return (count != null) ? count.get() : 0;
	}

	/** Connections still open. */
	public int open() {
		return this.open.size();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.incrementAndGet();
				this.open.add(socket);
				Thread handler = new Thread(() -> serve(socket), "trickling-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket socket) {
		String path = "/";
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String requestLine = in.readLine();
			String line;
			do {
				line = in.readLine();
			}
			while (line != null && !line.isEmpty());
			if (requestLine != null && requestLine.split(" ").length > 1) {
				path = requestLine.split(" ")[1];
			}
			OutputStream out = socket.getOutputStream();
			boolean trickle = path.startsWith("/trickle") || (path.startsWith("/fickle") && this.fickle);
			if (!trickle) {
				byte[] body = "{\"status\": \"OK\", \"message\": \"quick\"}".getBytes(StandardCharsets.UTF_8);
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
				return;
			}
			// A length well under any response cap: at five bytes a second the body would
			// take hours, and no read ever waits long.
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n"
					+ "Connection: close\r\n\r\n{")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			while (!this.closed.await(200, TimeUnit.MILLISECONDS)) {
				out.write(' ');
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client gave up, as it should
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.open.remove(socket);
			this.finished.incrementAndGet();
			this.finishedByPath.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Socket socket : this.open) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

}
