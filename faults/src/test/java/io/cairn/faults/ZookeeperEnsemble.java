package io.cairn.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A three-server ZooKeeper ensemble, each server its own JVM running ZooKeeper's
 * {@code QuorumPeerMain} (the version the build manages), on one machine: servers can be
 * killed with SIGKILL and started again on their data. Client ports listen on every
 * address, so that processes in network namespaces reach them through their veth pair.
 */
final class ZookeeperEnsemble implements AutoCloseable {

	/** ZooKeeper's default tick; sessions may last 2 to 20 ticks. */
	static final int TICK_MS = 2000;

	private final List<Server> servers = new ArrayList<>();

	ZookeeperEnsemble() {
		Path base = Jvm.freshDirectory("zookeeper");
		for (int id = 1; id <= 3; id++) {
			this.servers
				.add(new Server(id, base.resolve("server-" + id), Jvm.freePort(), Jvm.freePort(), Jvm.freePort()));
		}
		String peers = this.servers.stream()
			.map((server) -> "server." + server.id + "=127.0.0.1:" + server.quorumPort + ":" + server.electionPort)
			.collect(Collectors.joining("\n"));
		for (Server server : this.servers) {
			server.configure(peers);
		}
	}

	ZookeeperEnsemble start() {
		this.servers.forEach(Server::start);
		Deadline.await("a ZooKeeper quorum with a leader", Duration.ofSeconds(60), () -> leader() != null);
		return this;
	}

	/**
	 * Connect string for the given address ({@code 127.0.0.1}, or a veth's host side).
	 */
	String connectString(String host) {
		return this.servers.stream().map((server) -> host + ":" + server.clientPort).collect(Collectors.joining(","));
	}

	List<Server> servers() {
		return this.servers;
	}

	@Nullable Server leader() {
		for (Server server : this.servers) {
			if ("leader".equals(server.mode())) {
				return server;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.servers.forEach(Server::kill);
	}

	static final class Server {

		final int id;

		private final Path directory;

		final int clientPort;

		private final int quorumPort;

		private final int electionPort;

		private @Nullable Process process;

		Server(int id, Path directory, int clientPort, int quorumPort, int electionPort) {
			this.id = id;
			this.directory = directory;
			this.clientPort = clientPort;
			this.quorumPort = quorumPort;
			this.electionPort = electionPort;
		}

		void configure(String peers) {
			try {
				Path data = this.directory.resolve("data");
				Files.createDirectories(data);
				Files.writeString(data.resolve("myid"), Integer.toString(this.id));
				Files.writeString(this.directory.resolve("zoo.cfg"),
						String.join("\n", "tickTime=" + TICK_MS, "initLimit=10", "syncLimit=5", "dataDir=" + data,
								"clientPort=" + this.clientPort, "admin.enableServer=false",
								"4lw.commands.whitelist=srvr,ruok", "maxClientCnxns=0", "reconfigEnabled=false", peers,
								""));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized void start() {
			try {
				this.process = new ProcessBuilder(Jvm.java(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", Jvm.classpath(),
						"-Dzookeeper.admin.enableServer=false", "org.apache.zookeeper.server.quorum.QuorumPeerMain",
						this.directory.resolve("zoo.cfg").toString())
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("server.log").toFile()))
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized void kill() {
			Process current = this.process;
			if (current != null) {
				current.destroyForcibly();
				try {
					current.waitFor(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		boolean isAlive() {
			Process current = this.process;
			return current != null && current.isAlive();
		}

		/**
		 * {@code leader}, {@code follower}, or null when not serving (the srvr command).
		 */
		@Nullable String mode() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.clientPort), 500);
				socket.setSoTimeout(1000);
				OutputStream out = socket.getOutputStream();
				out.write("srvr".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
				for (String line : answer.split("\n")) {
					if (line.startsWith("Mode: ")) {
						return line.substring(6).trim();
					}
				}
				return null;
			}
			catch (IOException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			return "zk-" + this.id;
		}

	}

}
