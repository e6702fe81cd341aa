package io.cairn.status.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test run (a CA, server certificates signed by it or by
 * themselves, valid for as long as a test needs), and real HTTPS servers on 127.0.0.1
 * presenting them.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/**
	 * A key and its certificate.
	 *
	 * @param keys the key pair
	 * @param certificate the certificate
	 */
	public record Issued(KeyPair keys, X509Certificate certificate) {

		/**
		 * The certificate in PEM, written to a temporary file.
		 * @return the file
		 */
		public Path pemFile() {
			try {
				StringWriter text = new StringWriter();
				try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
					writer.writeObject(this.certificate);
				}
				Path file = Files.createTempFile("cairn-test-", ".pem");
				Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
				file.toFile().deleteOnExit();
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * A certificate authority.
	 * @return the CA
	 */
	public static Issued authority() {
		KeyPair keys = keys();
		return new Issued(keys,
				build("CN=Cairn Test CA", keys, "CN=Cairn Test CA", keys, Duration.ofDays(365), true, null, null));
	}

	/**
	 * A server certificate.
	 * @param issuer the CA, or null for a self-signed certificate
	 * @param validFor how long from now it stays valid
	 * @param ip an IP address it is for, or null
	 * @param dns a host name it is for, or null
	 * @return the certificate
	 */
	public static Issued server(Issued issuer, Duration validFor, String ip, String dns) {
		KeyPair keys = keys();
		String subject = "CN=" + ((dns != null) ? dns : ip);
		if (issuer == null) {
			return new Issued(keys, build(subject, keys, subject, keys, validFor, false, ip, dns));
		}
		return new Issued(keys, build(subject, keys, issuer.certificate().getSubjectX500Principal().getName(),
				issuer.keys(), validFor, false, ip, dns));
	}

	/**
	 * An HTTPS server on 127.0.0.1 presenting a certificate, answering {@code {"status":
	 * "OK"}} everywhere.
	 * @param server the certificate and key
	 * @param issuer its CA, or null
	 * @return the started server
	 */
	public static HttpsServer https(Issued server, Issued issuer) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			X509Certificate[] chain = (issuer != null)
					? new X509Certificate[] { server.certificate(), issuer.certificate() }
					: new X509Certificate[] { server.certificate() };
			store.setKeyEntry("server", server.keys().getPrivate(), "secret".toCharArray(), chain);
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, "secret".toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
			https.setHttpsConfigurator(new HttpsConfigurator(context));
			// A thread per exchange: a client that aborts its handshake holds only its
			// own.
			https.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
			https.createContext("/", (exchange) -> {
				byte[] body = "{\"status\": \"OK\", \"message\": \"secure\"}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			https.start();
			return https;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate build(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			Duration validFor, boolean ca, String ip, String dns) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(validFor)), new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (ca) {
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			else {
				java.util.List<GeneralName> names = new java.util.ArrayList<>();
				if (ip != null) {
					names.add(new GeneralName(GeneralName.iPAddress, ip));
				}
				if (dns != null) {
					names.add(new GeneralName(GeneralName.dNSName, dns));
				}
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(new GeneralName[0])));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
