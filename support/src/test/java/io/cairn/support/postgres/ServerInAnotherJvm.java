package io.cairn.support.postgres;

import java.nio.file.Path;

/**
 * An embedded PostgreSQL in a JVM of its own, for the tests of what is left behind when
 * that JVM is killed: starts a server on the folder given, prints {@value #READY}, and
 * runs until it is killed.
 */
public final class ServerInAnotherJvm {

	/** Printed once the server runs. */
	public static final String READY = "server ready";

	private ServerInAnotherJvm() {
	}

	/**
	 * Start the server.
	 * @param args the data folder
	 * @throws Exception when it cannot start
	 */
	public static void main(String[] args) throws Exception {
		EmbeddedPostgresServer.start(Path.of(args[0]), 0);
		System.out.println(READY);
		System.out.flush();
		Thread.currentThread().join();
	}

}
