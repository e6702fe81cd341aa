package io.cairn.mesos.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.curator.utils.ThreadUtils;

/**
 * A TCP link on 127.0.0.1 to a server, for one client to connect through, that the test
 * can cut (every connection closed, new ones closed at once) and heal: the client is
 * partitioned from the server while everyone else still reaches it, so the server expires
 * the client's ZooKeeper session in its own time.
 */
final class CuttableLink implements Closeable {

	private final ServerSocket listener;

	private final int targetPort;

	private final ExecutorService pumps = Executors
		.newCachedThreadPool(ThreadUtils.newGenericThreadFactory("cuttable-link"));

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	CuttableLink(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.pumps.execute(this::accept);
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** Closes every connection and refuses new ones until {@link #heal()}. */
	void cut() {
		this.cut = true;
		this.open.forEach(CuttableLink::closeQuietly);
	}

	void heal() {
		this.cut = false;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5000);
				this.open.add(client);
				this.open.add(server);
				this.pumps.execute(() -> pump(client, server));
				this.pumps.execute(() -> pump(server, client));
			}
			catch (IOException ex) {
				// Closed, or the server refused: the client retries.
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int read = in.read(buffer); read >= 0 && !this.cut; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// The other direction or a cut closed the pair.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
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
		closeQuietly(this.listener);
		cut();
		this.pumps.shutdownNow();
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
