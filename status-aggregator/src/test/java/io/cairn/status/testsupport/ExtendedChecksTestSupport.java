package io.cairn.status.testsupport;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The context of the tests of HTTP request settings and pushed checks: a write token is
 * set (so push tokens and write tokens can be told apart), two named secrets are
 * configured, and the app logs at DEBUG (so tests can look for secrets in everything it
 * logs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-extended", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s",
				"cairn.status.poll.timeout=2s", "cairn.status.security.allow-loopback=true",
				"cairn.status.api.show-documents=true", "cairn.status.api.show-failure-reasons=true",
				"cairn.security.token=" + ExtendedChecksTestSupport.WRITE_TOKEN,
				"cairn.status.secrets.search-token=" + ExtendedChecksTestSupport.BEARER_SECRET,
				"cairn.status.secrets.monitor-password=" + ExtendedChecksTestSupport.BASIC_SECRET,
				"logging.level.io.cairn.status=DEBUG", "logging.level.org.apache.hc.client5.http=DEBUG",
				"cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
public abstract class ExtendedChecksTestSupport extends AppTestBase {

	public static final String WRITE_TOKEN = "write-token-for-tests";

	public static final String BEARER_SECRET = "bearer-SECRET-7f3a9c";

	public static final String BASIC_SECRET = "basic-SECRET-2b8e41";

	/** One server per JVM. */
	protected static final RecordingServer server = new RecordingServer();

	/**
	 * Write with the write token.
	 * @param path the path
	 * @param body the JSON body
	 * @return the answer
	 */
	protected HttpResponse<String> write(String path, String body) {
		return this.http.send(this.http.request(path)
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + WRITE_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build());
	}

	/**
	 * Post with a bearer token of one's choice, or none.
	 * @param path the path
	 * @param token the token, or null
	 * @param body the JSON body
	 * @return the answer
	 */
	protected HttpResponse<String> postAs(String path, String token, String body) {
		HttpRequest.Builder request = this.http.request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build());
	}

}
