package io.cairn.status.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.DnsResponder;
import io.cairn.status.testsupport.TestCertificates;
import io.cairn.status.testsupport.TestCertificates.Issued;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TCP and TLS checks and HTTPS conditions against real local servers: TCP listeners, and
 * HTTPS servers presenting certificates made for the run (one about to expire, one for
 * another host, one no trusted CA signed), trusted through an SSL bundle as an internal
 * CA would be.
 * <p>
 * This context adds no test bean (the system clock, the system resolver): the app starts
 * as it ships, with the TLS settings an operator would give it. Its poll timeout is the
 * shipped default (10s): a first HTTPS exchange (TLS set-up, handshake) on this shared
 * machine can take longer than the 2s the other contexts use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-probes", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=5s", "cairn.status.poll.read-timeout=5s",
				"cairn.status.poll.timeout=10s", "cairn.status.security.allow-loopback=true",
				"cairn.status.api.show-failure-reasons=true", "cairn.status.probes.ssl-bundle=internal-ca",
				"cairn.data-dir=target/test-data" })
class NetworkProbeTests extends AppTestBase {

	static final Issued ca = TestCertificates.authority();

	static final HttpsServer expiringSoon = TestCertificates
		.https(TestCertificates.server(ca, Duration.ofDays(5).plusHours(1), "127.0.0.1", "localhost"), ca);

	static final HttpsServer longLived = TestCertificates
		.https(TestCertificates.server(ca, Duration.ofDays(90).plusHours(1), "127.0.0.1", null), ca);

	static final HttpsServer otherHost = TestCertificates
		.https(TestCertificates.server(ca, Duration.ofDays(90), null, "other.test"), ca);

	static final HttpsServer untrusted = TestCertificates
		.https(TestCertificates.server(null, Duration.ofDays(90), "127.0.0.1", null), null);

	static final DnsResponder dns = new DnsResponder(
			Map.of("api.cairn.test.", List.of("10.1.2.3", "10.1.2.4"), "empty.cairn.test.", List.of()),
			Map.of("empty.cairn.test.", "v=spf1 -all"));

	@DynamicPropertySource
	static void trust(DynamicPropertyRegistry registry) {
		String pem = ca.pemFile().toUri().toString();
		registry.add("spring.ssl.bundle.pem.internal-ca.truststore.certificate", () -> pem);
	}

	@AfterAll
	static void stopServers() {
		for (HttpsServer server : new HttpsServer[] { expiringSoon, longLived, otherHost, untrusted }) {
			server.stop(0);
		}
		dns.close();
	}

	private static String tls(HttpsServer server) {
		return "tls://127.0.0.1:" + server.getAddress().getPort();
	}

	private void add(String json) {
		HttpResponse<String> created = this.http.post("/checks", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private CheckState polled(String id) {
		TrackedCheck check = awaitPolled(id);
		return check.state();
	}

	@Test
	void tcpConnectsAndClosedPorts() throws IOException {
		int closed;
		try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closed = gone.getLocalPort();
		}
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			String open = "tcp://127.0.0.1:" + listener.getLocalPort();
			add("{\"id\": \"tcp-open\", \"url\": \"" + open + "\"}");
			add("{\"id\": \"tcp-closed\", \"url\": \"tcp://127.0.0.1:" + closed + "\"}");
			add("{\"id\": \"tcp-must-be-closed\", \"url\": \"tcp://127.0.0.1:" + closed
					+ "\", \"conditions\": [\"[CONNECTED] == false\"]}");
			add("{\"id\": \"tcp-closed-timed\", \"url\": \"tcp://127.0.0.1:" + closed
					+ "\", \"conditions\": [\"[RESPONSE_TIME] < 60000\"]}");
			add("{\"id\": \"tcp-quick\", \"url\": \"" + open
					+ "\", \"conditions\": [\"[CONNECTED] == true\", {\"if\": \"[RESPONSE_TIME] < 0\", "
					+ "\"severity\": \"Warning\"}]}");

			CheckState connected = polled("tcp-open");
			assertThat(connected.status()).isEqualTo(CheckStatus.OK);
			assertThat(connected.message()).startsWith("Connected to " + open + " in ");
			CheckState refused = polled("tcp-closed");
			assertThat(refused.status()).isEqualTo(CheckStatus.CRITICAL);
			assertThat(refused.message())
				.isEqualTo("Unable to communicate with tcp://127.0.0.1:" + closed + "! (connection refused)");
			CheckState expected = polled("tcp-must-be-closed");
			assertThat(expected.status()).isEqualTo(CheckStatus.OK);
			assertThat(expected.message()).isEqualTo("The condition is met");
			CheckState noConnection = polled("tcp-closed-timed");
			assertThat(noConnection.status()).as("conditions without [CONNECTED] still need a connection")
				.isEqualTo(CheckStatus.CRITICAL);
			CheckState warned = polled("tcp-quick");
			assertThat(warned.status()).as("the worst failed condition's severity").isEqualTo(CheckStatus.WARNING);
			assertThat(warned.message()).startsWith("1 of 2 conditions failed: [RESPONSE_TIME] < 0 (was ");
		}
	}

	@Test
	void tlsHandshakesReportCertificateExpiry() {
		add("{\"id\": \"tls-soon\", \"url\": \"" + tls(expiringSoon) + "\"}");
		add("{\"id\": \"tls-long\", \"url\": \"" + tls(longLived) + "\"}");
		add("{\"id\": \"tls-strict\", \"url\": \"" + tls(longLived)
				+ "\", \"conditions\": [{\"if\": \"[CERTIFICATE_DAYS_LEFT] > 100\", \"severity\": \"Critical\"}]}");

		CheckState soon = polled("tls-soon");
		assertThat(soon.status()).isEqualTo(CheckStatus.WARNING);
		assertThat(soon.message()).isEqualTo("1 of 2 conditions failed: [CERTIFICATE_DAYS_LEFT] >= 14 (was 5)");
		CheckState fine = polled("tls-long");
		assertThat(fine.status()).isEqualTo(CheckStatus.OK);
		assertThat(fine.message()).isEqualTo("All 2 conditions met");
		CheckState strict = polled("tls-strict");
		assertThat(strict.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(strict.message()).isEqualTo("1 of 1 conditions failed: [CERTIFICATE_DAYS_LEFT] > 100 (was 90)");
		String view = this.http.get("/checks/tls-soon").body();
		assertThat(view).contains("\"kind\":\"tls\"")
			.contains("{\"condition\":\"[CERTIFICATE_DAYS_LEFT] >= 14\",\"severity\":\"Warning\",\"met\":false,"
					+ "\"actual\":\"5\"}");
	}

	@Test
	void tlsRefusesUntrustedAndWrongHostCertificates() {
		add("{\"id\": \"tls-untrusted\", \"url\": \"" + tls(untrusted) + "\"}");
		add("{\"id\": \"tls-other-host\", \"url\": \"" + tls(otherHost) + "\"}");
		CheckState notTrusted = polled("tls-untrusted");
		assertThat(notTrusted.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(notTrusted.message())
			.startsWith("Unable to communicate with " + tls(untrusted) + "! (TLS handshake failed: ");
		CheckState wrongHost = polled("tls-other-host");
		assertThat(wrongHost.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(wrongHost.message()).contains("TLS handshake failed").contains("127.0.0.1");
	}

	@Test
	void dnsQueriesAskTheResolverTheCheckNames() {
		String resolver = "dns://127.0.0.1:" + dns.port();
		add("{\"id\": \"dns-a\", \"url\": \"" + resolver + "/api.cairn.test\"}");
		add("{\"id\": \"dns-missing\", \"url\": \"" + resolver + "/nowhere.cairn.test?type=A\"}");
		add("{\"id\": \"dns-no-records\", \"url\": \"" + resolver + "/empty.cairn.test\"}");
		add("{\"id\": \"dns-conditions\", \"url\": \"" + resolver + "/api.cairn.test?type=A\", "
				+ "\"conditions\": [\"[DNS_RCODE] == NOERROR\", \"[BODY] =~ (?m)^10\\\\.1\\\\.2\\\\.3$\", "
				+ "{\"if\": \"[BODY] =~ 10.9.9.9\", \"severity\": \"Warning\"}]}");
		add("{\"id\": \"dns-txt\", \"url\": \"" + resolver + "/empty.cairn.test?type=TXT\", "
				+ "\"conditions\": [\"[BODY] =~ spf1\"]}");

		CheckState found = polled("dns-a");
		assertThat(found.status()).isEqualTo(CheckStatus.OK);
		assertThat(found.message()).isEqualTo("A api.cairn.test: 10.1.2.3, 10.1.2.4");
		CheckState missing = polled("dns-missing");
		assertThat(missing.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(missing.message()).isEqualTo("A nowhere.cairn.test: NXDOMAIN");
		CheckState none = polled("dns-no-records");
		assertThat(none.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(none.message()).isEqualTo("A empty.cairn.test: no A records");
		CheckState conditions = polled("dns-conditions");
		assertThat(conditions.status()).as(conditions.message()).isEqualTo(CheckStatus.WARNING);
		assertThat(conditions.message()).isEqualTo("1 of 3 conditions failed: [BODY] =~ 10.9.9.9");
		CheckState txt = polled("dns-txt");
		assertThat(txt.status()).as(txt.message()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void httpsConditionsReadTheAnswerAndTheCertificate() {
		String url = "https://127.0.0.1:" + expiringSoon.getAddress().getPort() + "/health";
		add("{\"id\": \"https-cond\", \"url\": \"" + url + "\", \"conditions\": [\"[STATUS] == 200\", "
				+ "\"[BODY].status == OK\", \"[HEADER:Content-Type] =~ json\", "
				+ "{\"if\": \"[CERTIFICATE_DAYS_LEFT] > 30\", \"severity\": \"Warning\"}]}");
		add("{\"id\": \"https-plain\", \"url\": \"" + url + "\"}");
		CheckState conditions = polled("https-cond");
		assertThat(conditions.status()).as(conditions.message()).isEqualTo(CheckStatus.WARNING);
		assertThat(conditions.message()).isEqualTo("1 of 4 conditions failed: [CERTIFICATE_DAYS_LEFT] > 30 (was 5)");
		// The SSL bundle is trusted by HTTPS checks without conditions too.
		CheckState megaphone = polled("https-plain");
		assertThat(megaphone.status()).as(megaphone.message()).isEqualTo(CheckStatus.OK);
		assertThat(megaphone.message()).isEqualTo("secure");
	}

}
