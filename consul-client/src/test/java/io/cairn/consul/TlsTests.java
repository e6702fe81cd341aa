package io.cairn.consul;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS against an HTTPS agent stub that requires a client certificate: a trust store or a
 * PEM CA file for the server's certificate, a PKCS12 key store for the client's, host
 * names checked, and failures as transport errors. Keys are made with the JDK's keytool.
 */
class TlsTests {

	private static final String PASSWORD = "changeit";

	@TempDir
	static Path dir;

	private static HttpsServer server;

	private static final List<String> clients = new CopyOnWriteArrayList<>();

	private static final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

	private static Path clientKeys;

	private static Path trustStore;

	private static Path caFile;

	@BeforeAll
	static void start() throws Exception {
		Path serverKeys = keyPair("server", "CN=localhost", "SAN=dns:localhost");
		clientKeys = keyPair("client", "CN=cairn-client", null);
		Certificate serverCertificate = load(serverKeys).getCertificate("server");
		trustStore = dir.resolve("trust.p12");
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("consul", serverCertificate);
		try (OutputStream out = Files.newOutputStream(trustStore)) {
			trust.store(out, PASSWORD.toCharArray());
		}
		caFile = dir.resolve("ca.pem");
		Files.writeString(caFile,
				"-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(serverCertificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");

		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(load(serverKeys), PASSWORD.toCharArray());
		KeyStore trustedClients = KeyStore.getInstance("PKCS12");
		trustedClients.load(null, null);
		trustedClients.setCertificateEntry("client", load(clientKeys).getCertificate("client"));
		TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trusted.init(trustedClients);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);

		server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(context) {
			@Override
			public void configure(HttpsParameters params) {
				SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
				parameters.setNeedClientAuth(true);
				params.setSSLParameters(parameters);
			}
		});
		server.createContext("/v1/kv/", (exchange) -> {
			clients.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
			clientPorts.add(exchange.getRemoteAddress().getPort());
			byte[] body = "[{\"Key\":\"tls/key\",\"Value\":\"c2VjdXJl\",\"CreateIndex\":3,\"ModifyIndex\":4}]"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("X-Consul-Index", "4");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	private static Path keyPair(String alias, String name, String extension) throws Exception {
		Path store = dir.resolve(alias + ".p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", alias,
				"-keyalg", "EC", "-groupname", "secp256r1", "-dname", name, "-validity", "2", "-storetype", "PKCS12",
				"-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
		if (extension != null) {
			command.addAll(List.of("-ext", extension));
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return store;
	}

	private static KeyStore load(Path path) throws IOException, java.security.GeneralSecurityException {
		return KeyStore.getInstance(path.toFile(), PASSWORD.toCharArray());
	}

	private static Consul.Builder builder() {
		return Consul.builder();
	}

	private static String address() {
		return "https://localhost:" + server.getAddress().getPort();
	}

	@Test
	void aTrustStoreAndAClientCertificate() {
		try (Consul consul = builder().address(address())
			.trustStore(trustStore, PASSWORD)
			.keyStore(clientKeys, PASSWORD)
			.readTimeout(Duration.ofSeconds(10))
			.build()) {
			clients.clear();
			clientPorts.clear();
			assertThat(consul.kv().getString("tls/key")).contains("secure");
			ConsulResponse<?> second = consul.kv().get("tls/key");
			assertThat(second.index()).isEqualTo(4);
			assertThat(clients).hasSize(2).allMatch((principal) -> principal.equals("CN=cairn-client"));
			assertThat(clientPorts).as("one kept-alive TLS connection for both calls")
				.hasSize(2)
				.containsOnly(clientPorts.get(0));
		}
	}

	@Test
	void aPemCaFileAndAClientCertificate() {
		try (Consul consul = builder().address(address())
			.trustedCertificates(caFile)
			.keyStore(clientKeys, PASSWORD)
			.build()) {
			assertThat(consul.kv().getString("tls/key")).contains("secure");
		}
	}

	@Test
	void anUntrustedServerIsATransportError() {
		try (Consul consul = builder().address(address()).keyStore(clientKeys, PASSWORD).build()) {
			assertThatThrownBy(() -> consul.kv().get("tls/key")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.getMessage()).contains("could not connect"));
		}
	}

	@Test
	void theServerRefusesAClientWithoutCertificate() {
		try (Consul consul = builder().address(address()).trustStore(trustStore, PASSWORD).build()) {
			assertThatThrownBy(() -> consul.kv().get("tls/key")).isInstanceOf(ConsulTransportException.class);
		}
	}

	@Test
	void theServerNameIsChecked() {
		// The certificate names localhost only: the same server reached by its address
		// is not trusted.
		try (Consul consul = builder().address("https://127.0.0.1:" + server.getAddress().getPort())
			.trustStore(trustStore, PASSWORD)
			.keyStore(clientKeys, PASSWORD)
			.build()) {
			assertThatThrownBy(() -> consul.kv().get("tls/key")).isInstanceOfSatisfying(ConsulTransportException.class,
					(ex) -> assertThat(ex.getMessage()).contains("could not connect"));
		}
	}

}
