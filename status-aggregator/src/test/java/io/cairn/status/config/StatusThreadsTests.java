package io.cairn.status.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.StatusAggregatorApplication;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's threads (issue 19, "one mechanism per concern"): every
 * {@code status-*} thread is built by Boot's executor and scheduler builders, none of the
 * app's beans is an {@code Executor} or {@code TaskScheduler} (which would switch off
 * Boot's {@code applicationTaskExecutor}), and closing the context ends every
 * {@code status-*} thread it started.
 */
class StatusThreadsTests extends AppTestSupport {

	/** The threads of the context started here (and of no other): its starter's group. */
	private static final ThreadGroup CONTEXT = new ThreadGroup("threads-test-context");

	/** Where Boot's builders put the threads they build, by the customizers below. */
	private static final ThreadGroup BUILT = new ThreadGroup(CONTEXT, "threads-test-built");

	private static final CheckEndpoints own = new CheckEndpoints();

	@Autowired
	private ApplicationContext context;

	@AfterAll
	static void closeEndpoints() {
		own.close();
	}

	@Test
	void bootKeepsItsApplicationTaskExecutor() {
		assertThat(this.context.getBeansOfType(Executor.class)).containsOnlyKeys("applicationTaskExecutor");
		assertThat(this.context.getBeanNamesForType(TaskScheduler.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ScheduledExecutorService.class)).isEmpty();
	}

	@Test
	void everyStatusThreadComesFromBootsBuildersAndEndsWithTheContext() throws Exception {
		ConfigurableApplicationContext app = startInOwnThreadGroup();
		try {
			Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
			// A host name (resolved on a status-dns thread), polled in the first-poll
			// lane
			// under a deadline.
			http.post("/checks", "{\"id\": \"threads\", \"url\": \"http://good.test:" + own.port() + "/ok-threads\"}");
			Set<String> expected = Set.of("status-timer-", "status-poll-claims-", "status-poll-outage-",
					"status-poll-first-", "status-poll-deadlines-", "status-dns-", "status-discovery-",
					"status-alerter-", "status-publish-");
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(kinds(statusThreads(CONTEXT))).containsAll(expected));
			List<Thread> handMade = statusThreads(CONTEXT).stream()
				.filter((thread) -> thread.getThreadGroup() != BUILT)
				.toList();
			assertThat(handMade).as("status-* threads not built by Boot's builders").isEmpty();
		}
		finally {
			app.close();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(statusThreads(CONTEXT)).as("status-* threads alive after close").isEmpty());
	}

	/**
	 * Start the app on a thread of {@link #CONTEXT}: every thread it makes, and every
	 * thread those make, is in that group (or in {@link #BUILT}, where Boot's builders
	 * put theirs), so threads of the other cached contexts are never counted.
	 */
	private static ConfigurableApplicationContext startInOwnThreadGroup() throws Exception {
		String database = SharedPostgres.newDatabase();
		String[] args = { "--server.port=0", "--spring.datasource.url=" + database,
				"--spring.datasource.username=" + SharedPostgres.user(), "--cairn.status.replica-id=threads",
				"--cairn.status.sync-interval=100ms", "--cairn.status.poll.claim-interval=100ms",
				"--cairn.status.poll.flush-interval=50ms", "--cairn.status.security.allow-loopback=true",
				"--cairn.status.discovery.registry.url=http://127.0.0.1:" + own.port() + "/registry",
				"--cairn.status.alerts.providers.hook.type=webhook",
				"--cairn.status.alerts.providers.hook.url=http://127.0.0.1:" + own.port() + "/hook",
				"--cairn.data-dir=target/test-data" };
		FutureTask<ConfigurableApplicationContext> start = new FutureTask<>(
				() -> new SpringApplicationBuilder(StatusAggregatorApplication.class, TestBeans.class,
						BuiltThreads.class)
					.run(args));
		Thread starter = new Thread(CONTEXT, start, "threads-test-starter");
		starter.start();
		return start.get();
	}

	private static List<Thread> statusThreads(ThreadGroup group) {
		Thread[] threads = new Thread[group.activeCount() + 100];
		int count = group.enumerate(threads, true);
		return Arrays.stream(threads, 0, count)
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("status-"))
			.toList();
	}

	/**
	 * Thread names without their numbers: {@code status-poll-first-2} is
	 * {@code status-poll-first-}.
	 */
	private static Set<String> kinds(List<Thread> threads) {
		Set<String> kinds = new TreeSet<>();
		threads.forEach((thread) -> kinds.add(thread.getName().replaceAll("\\d+$", "")));
		return kinds;
	}

	/**
	 * Marks what Boot's builders build: their threads go to {@link #BUILT}. Given to the
	 * context started here only; not a {@code @TestConfiguration}, which the shared
	 * context of this class would pick up as well.
	 */
	static class BuiltThreads {

		@Bean
		ThreadPoolTaskExecutorCustomizer builtExecutorThreads() {
			return (executor) -> executor.setThreadGroup(BUILT);
		}

		@Bean
		ThreadPoolTaskSchedulerCustomizer builtSchedulerThreads() {
			return (scheduler) -> scheduler.setThreadGroup(BUILT);
		}

	}

}
