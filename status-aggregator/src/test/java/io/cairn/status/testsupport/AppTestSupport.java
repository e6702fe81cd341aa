package io.cairn.status.testsupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The application context most tests share: the whole app on a random port, its own
 * database on the shared embedded PostgreSQL, short timeouts, a clock tests move, and the
 * check endpoints. Every test starts with no checks.
 * <p>
 * The check endpoints listen on loopback, so loopback targets are allowed, as
 * {@code ./cairn up} allows them; documents and failure reasons are shown, as the
 * Megaphone-compatible answers these tests pin down include them. The secure defaults
 * themselves are the abuse tests' subject.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-main", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s",
				"cairn.status.poll.timeout=2s", "cairn.status.poll.max-response-size=16KB",
				"cairn.status.security.deny=127.0.0.2", "cairn.status.security.allow-loopback=true",
				"cairn.status.api.show-documents=true", "cairn.status.api.show-failure-reasons=true",
				"cairn.status.poll.status-aliases.UP=OK", "cairn.status.poll.status-aliases.down=critical",
				"cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
public abstract class AppTestSupport extends AppTestBase {

	/** One set of endpoints per JVM. */
	protected static final CheckEndpoints endpoints = new CheckEndpoints();

}
