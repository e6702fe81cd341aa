package io.cairn.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards TCP connections from one address to another, byte for byte, both ways; a
 * closed side closes the other. It carries a process's loopback ports across a network
 * namespace's veth link: Marathon's simulator names its leader {@code 127.0.0.1:<port>},
 * so a bridge inside a namespace needs that address to lead to the host's simulator. Run
 * inside a namespace as {@code TcpForwarder listenHost:port=targetHost:port ...}; it
 * serves until its standard input closes (its parent, the suite, is gone).
 */
final class TcpForwarder implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new ArrayList<>();

	TcpForwarder(String listenHost, int listenPort, String targetHost, int targetPort) throws IOException {
		this.server = new ServerSocket();
		this.server.setReuseAddress(true);
		this.server.bind(new InetSocketAddress(InetAddress.getByName(listenHost), listenPort), 256);
		this.target = new InetSocketAddress(targetHost, targetPort);
		Thread acceptor = new Thread(this::accept, "forward-" + listenHost + ":" + listenPort);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread connector = new Thread(() -> connect(client), "forward-connect");
				connector.setDaemon(true);
				connector.start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void connect(Socket client) {
		try {
			Socket upstream = new Socket();
			upstream.connect(this.target, 10_000);
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			synchronized (this.sockets) {
				this.sockets.add(client);
				this.sockets.add(upstream);
			}
			pump(client, upstream);
			pump(upstream, client);
		}
		catch (IOException ex) {
			closeQuietly(client);
		}
	}

	private static void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// One side went away.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "forward-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		synchronized (this.sockets) {
			this.sockets.forEach(TcpForwarder::closeQuietly);
			this.sockets.clear();
		}
	}

	public static void main(String[] args) throws Exception {
		List<TcpForwarder> forwarders = new ArrayList<>();
		for (String arg : args) {
			String[] sides = arg.split("=");
			String[] listen = sides[0].split(":");
			String[] target = sides[1].split(":");
			forwarders
				.add(new TcpForwarder(listen[0], Integer.parseInt(listen[1]), target[0], Integer.parseInt(target[1])));
		}
		System.out.println("FORWARDING " + String.join(" ", args));
		System.out.flush();
		// Until the parent goes away.
		while (System.in.read() >= 0) {
			// Nothing is read on purpose.
		}
		forwarders.forEach(TcpForwarder::close);
		System.exit(0);
	}

}
