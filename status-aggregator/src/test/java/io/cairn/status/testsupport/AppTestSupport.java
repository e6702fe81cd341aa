package io.cairn.status.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.ResultFlusher;
import io.cairn.status.service.CheckService;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application context most tests share: the whole app on a random port, its own
 * database on the shared embedded PostgreSQL, short timeouts, a clock tests move, and the
 * check endpoints. Every test starts with no checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-main", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s",
				"cairn.status.poll.timeout=2s", "cairn.status.poll.max-response-size=16KB",
				"cairn.status.security.deny=127.0.0.2", "cairn.status.poll.status-aliases.UP=OK",
				"cairn.status.poll.status-aliases.down=critical", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
public abstract class AppTestSupport {

	/** One set of endpoints per JVM. */
	protected static final CheckEndpoints endpoints = new CheckEndpoints();

	@LocalServerPort
	protected int port;

	@Autowired
	protected CheckService checks;

	@Autowired
	protected LiveChecks live;

	@Autowired
	protected PollScheduler scheduler;

	@Autowired
	protected ResultFlusher flusher;

	protected Http http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = SharedPostgres.newDatabase();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> SharedPostgres.user());
	}

	@BeforeEach
	void startClean() {
		this.http = new Http(this.port);
		List<String> ids = this.live.list()
			.stream()
			.map(LiveChecks.View::check)
			.filter((check) -> check.definition().source() != CheckSource.CONFIG)
			.map(TrackedCheck::id)
			.toList();
		this.checks.deleteAll(ids);
	}

	/**
	 * Wait until a check has been polled at least once since it was added.
	 */
	protected TrackedCheck awaitPolled(String id) {
		return await(() -> {
			TrackedCheck check = this.live.get(id);
			return (check != null && check.state().polledAt() != null) ? check : null;
		});
	}

	protected static <T> T await(Supplier<T> supplier) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(supplier::get, (value) -> value != null);
	}

	protected static void awaitTrue(Supplier<Boolean> condition) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition::get);
	}

}
