package io.cairn.mesos.abuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair for 127.0.0.1 made with the JDK's keytool, and the TLS contexts of a server
 * that holds it and a client that trusts it.
 *
 * @param server the server's context
 * @param client a client context that trusts only this certificate
 */
record SelfSignedTls(SSLContext server, SSLContext client) {

	private static final char[] PASSWORD = "changeit".toCharArray();

	static SelfSignedTls create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
		Path store = dir.resolve("master.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "master", "-keyalg",
				"EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
				"-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(store)) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		KeyStore keys = KeyStore.getInstance(store.toFile(), PASSWORD);
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, PASSWORD);
		SSLContext server = SSLContext.getInstance("TLS");
		server.init(keyManagers.getKeyManagers(), null, null);

		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("master", keys.getCertificate("master"));
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext client = SSLContext.getInstance("TLS");
		client.init(null, trustManagers.getTrustManagers(), null);
		return new SelfSignedTls(server, client);
	}

}
