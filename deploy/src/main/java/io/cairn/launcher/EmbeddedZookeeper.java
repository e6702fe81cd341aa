package io.cairn.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A single ZooKeeper server in this process, with its data kept in a folder, so that the
 * apps can register themselves and elect leaders as they would in production.
 */
final class EmbeddedZookeeper implements AutoCloseable {

	private final ZooKeeperServerEmbedded server;

	private final int port;

	private EmbeddedZookeeper(ZooKeeperServerEmbedded server, int port) {
		this.server = server;
		this.port = port;
	}

	static EmbeddedZookeeper start(Path directory, int port) throws Exception {
		Files.createDirectories(directory);
		Properties configuration = new Properties();
		configuration.setProperty("clientPort", Integer.toString(port));
		configuration.setProperty("clientPortAddress", "127.0.0.1");
		configuration.setProperty("tickTime", "2000");
		configuration.setProperty("initLimit", "10");
		configuration.setProperty("syncLimit", "5");
		configuration.setProperty("admin.enableServer", "false");
		ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
			.baseDir(directory)
			.configuration(configuration)
			.exitHandler(ExitHandler.LOG_ONLY)
			.build();
		server.start(30_000);
		return new EmbeddedZookeeper(server, port);
	}

	String connectString() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.server.close();
	}

}
