package io.cairn.status.history;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn.status.history.results=false} (the benchmark's baseline): checks are
 * polled and their state is written as always, and no poll result reaches the history.
 */
@TestPropertySource(properties = "cairn.status.history.results=false")
class HistoryOffTests extends AppTestSupport {

	@Autowired
	ObjectProvider<ResultHistory> history;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void pollsAreWrittenToTheCheckButNotToTheHistory() {
		endpoints.answer("hist-off", 200, "{\"status\": \"Critical\", \"message\": \"down\"}");
		this.http.post("/checks", "{\"id\": \"hist-off\", \"url\": \"" + endpoints.url("/dynamic/hist-off")
				+ "\", \"interval\": \"1h\"}");
		awaitPolled("hist-off");
		TestBeans.CLOCK.advance(Duration.ofSeconds(1));
		long polls = this.scheduler.completedPolls();
		this.checks.pollNow("hist-off");
		awaitTrue(() -> this.scheduler.completedPolls() > polls);
		// The check's own row has the poll (what the flusher writes with history on,
		// too).
		this.flusher.flush();
		awaitTrue(
				() -> this.jdbc.sql("SELECT count(*) FROM status_check WHERE id = 'hist-off' AND polled_at IS NOT NULL")
					.query(Long.class)
					.single() == 1);
		assertThat(this.history.getIfAvailable()).isNull();
		assertThat(this.meters.find("cairn.status.history.results.written").functionCounter()).isNull();
		assertThat(this.jdbc.sql("SELECT count(*) FROM status_result").query(Long.class).single()).isZero();
	}

}
