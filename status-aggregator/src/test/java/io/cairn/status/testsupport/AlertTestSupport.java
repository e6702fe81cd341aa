package io.cairn.status.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;

import io.cairn.status.check.CheckStatus;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The context of the alert tests: every provider type configured against real local
 * servers (an {@link AlertReceiver} for the HTTP providers, GreenMail for SMTP), routes
 * by tag, a provider with a rate limit of 2 a minute, one whose server tests make hang,
 * and the app logging at DEBUG (so tests can look for secrets in everything it logs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"cairn.status.replica-id=test-alerts", "cairn.status.sync-interval=200ms",
		"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
		"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s", "cairn.status.poll.timeout=2s",
		"cairn.status.security.allow-loopback=true", "cairn.status.api.show-failure-reasons=true",
		"cairn.status.alerts.evaluate-every=100ms", "cairn.status.alerts.remind-every=5m",
		"cairn.status.alerts.providers.hook.type=webhook", "cairn.status.alerts.providers.chat.type=slack",
		"cairn.status.alerts.providers.chat.url-secret=slack-url", "cairn.status.alerts.providers.teams.type=teams",
		"cairn.status.alerts.providers.teams.url-secret=teams-url",
		"cairn.status.alerts.providers.pager.type=pagerduty",
		"cairn.status.alerts.providers.pager.routing-key-secret=pd-key",
		"cairn.status.alerts.providers.mail.type=email", "cairn.status.alerts.providers.mail.to=ops@example.com",
		"cairn.status.alerts.providers.mail.from=cairn@example.com",
		"cairn.status.alerts.providers.limited.type=webhook", "cairn.status.alerts.providers.limited.per-minute=2",
		"cairn.status.alerts.providers.down.type=webhook", "cairn.status.alerts.providers.down.timeout=1m",
		"cairn.status.alerts.routes.defaults=hook", "cairn.status.alerts.routes.tags.payments=chat,teams,pager,mail",
		"cairn.status.alerts.routes.tags.storm=limited", "cairn.status.alerts.routes.tags.fragile=down",
		"cairn.status.alerts.providers.gone.type=webhook", "cairn.status.alerts.routes.tags.gone=gone",
		"cairn.status.alerts.sending.max-retries=1", "cairn.status.alerts.sending.backoff=10ms",
		"cairn.status.alerts.sending.max-backoff=10ms", "cairn.status.secrets.pd-key=" + AlertTestSupport.ROUTING_KEY,
		"spring.mail.host=127.0.0.1", "spring.mail.username=cairn",
		"spring.mail.password=" + AlertTestSupport.SMTP_PASSWORD, "spring.mail.properties.mail.smtp.auth=true",
		"logging.level.io.cairn.status=DEBUG", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
public abstract class AlertTestSupport extends AppTestBase {

	public static final String ROUTING_KEY = "pd-ROUTING-KEY-5e1f";

	public static final String SMTP_PASSWORD = "smtp-PASSWORD-77a0";

	/** The path part of Slack's URL that is its secret. */
	public static final String SLACK_PATH = "/services/T000/B000/slack-SECRET-d41d";

	public static final String TEAMS_PATH = "/workflows/teams-SECRET-0c9a/invoke";

	/** A path with a token in it, as many webhook URLs have. */
	public static final String DOWN_PATH = "/down/hook-TOKEN-9b2e";

	/**
	 * A path with a token, on a port nobody listens on (an I/O failure quotes its URL).
	 */
	public static final String GONE_PATH = "/gone/gone-TOKEN-31c7";

	/** One receiver per JVM. */
	protected static final AlertReceiver receiver = new AlertReceiver();

	/** One set of endpoints per JVM. */
	protected static final CheckEndpoints endpoints = new CheckEndpoints();

	protected static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static {
		smtp.start();
		smtp.setUser("cairn@example.com", "cairn", SMTP_PASSWORD);
		receiver.answer("/v2/enqueue", 202);
		receiver.answer(TEAMS_PATH, 202);
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("cairn.status.alerts.providers.hook.url", () -> receiver.url("/hook"));
		registry.add("cairn.status.alerts.providers.limited.url", () -> receiver.url("/limited"));
		registry.add("cairn.status.alerts.providers.down.url", () -> receiver.url(DOWN_PATH));
		registry.add("cairn.status.alerts.providers.pager.url", () -> receiver.url("/v2/enqueue"));
		registry.add("cairn.status.alerts.providers.gone.url", () -> "http://127.0.0.1:" + closedPort() + GONE_PATH);
		registry.add("cairn.status.secrets.slack-url", () -> receiver.url(SLACK_PATH));
		registry.add("cairn.status.secrets.teams-url", () -> receiver.url(TEAMS_PATH));
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeEach
	void clearReceived() {
		receiver.clear();
	}

	/**
	 * Add a check on {@code /dynamic/<id>} answering a status.
	 * @param id the check's id (and endpoint)
	 * @param status what it answers
	 * @param tags its tags
	 */
	protected void addCheck(String id, CheckStatus status, String... tags) {
		answer(id, status);
		String tagList = String.join("\", \"", tags);
		assertCreated(this.http
			.post("/checks",
					"{\"id\": \"" + id + "\", \"url\": \"" + endpoints.url("/dynamic/" + id) + "\""
							+ ((tags.length > 0) ? ", \"tags\": [\"" + tagList + "\"]" : "") + "}")
			.statusCode());
	}

	private static void assertCreated(int status) {
		if (status != 201) {
			throw new AssertionError("check not created: " + status);
		}
	}

	/**
	 * Make a check's endpoint answer a status from now on.
	 */
	protected static void answer(String id, CheckStatus status) {
		endpoints.answer(id, 200,
				"{\"status\": \"" + status.label() + "\", \"message\": \"" + id + " says " + status.label() + "\"}");
	}

	/**
	 * The messages a path received about one check.
	 */
	protected static List<String> about(String path, String checkId) {
		return receiver.bodies(path).stream().filter((body) -> body.contains("\"" + checkId + "\"")).toList();
	}

}
