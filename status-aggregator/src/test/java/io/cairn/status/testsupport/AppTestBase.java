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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every whole-app test shares: the app's port and beans, its own database on the
 * shared embedded PostgreSQL, a clean slate of checks before each test, and waits.
 * Subclasses carry the {@code @SpringBootTest} with their settings.
 */
public abstract class AppTestBase {

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
