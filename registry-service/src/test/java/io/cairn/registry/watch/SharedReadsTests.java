package io.cairn.registry.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SharedReadsTests {

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	private final SharedReads reads;

	SharedReadsTests() {
		this.executor.setCorePoolSize(1);
		this.executor.setMaxPoolSize(1);
		this.executor.initialize();
		this.reads = new SharedReads(this.executor, new SimpleMeterRegistry());
	}

	@AfterEach
	void stop() {
		this.executor.shutdown();
	}

	@Test
	void requestsOfOneKeyMadeTogetherShareOneRead() {
		AtomicInteger count = new AtomicInteger();
		List<Object> answers = new ArrayList<>();
		this.reads.together(() -> {
			for (int i = 0; i < 50; i++) {
				this.reads.read("k", count::incrementAndGet, (value, failure) -> {
					synchronized (answers) {
						answers.add(value);
					}
				});
			}
		});
		await().until(() -> answers.size() == 50);
		assertThat(count).hasValue(1);
		assertThat(answers).containsOnly(1);
	}

	@Test
	void aRequestJoinsAQueuedReadButNotOneAlreadyRunning() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger count = new AtomicInteger();
		List<Object> answers = new ArrayList<>();
		this.reads.read("k", () -> {
			running.countDown();
			waitFor(release);
			return count.incrementAndGet();
		}, (value, failure) -> record(answers, value));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		// The first read has started: it may miss what these requests wait for, so they
		// get a read of their own, which they share.
		for (int i = 0; i < 3; i++) {
			this.reads.read("k", count::incrementAndGet, (value, failure) -> record(answers, value));
		}
		this.reads.read("other", () -> 100, (value, failure) -> record(answers, value));
		release.countDown();
		await().until(() -> answers.size() == 5);
		assertThat(count).hasValue(2);
		assertThat(answers).containsExactlyInAnyOrder(1, 2, 2, 2, 100);
	}

	@Test
	void aFailedReadIsDeliveredToEveryoneWhoJoinedIt() {
		List<Throwable> failures = new ArrayList<>();
		this.reads.together(() -> {
			for (int i = 0; i < 3; i++) {
				this.reads.read("k", () -> {
					throw new IllegalStateException("database down");
				}, (value, failure) -> record(failures, failure));
			}
		});
		await().until(() -> failures.size() == 3);
		assertThat(failures).allSatisfy((failure) -> assertThat(failure).hasMessage("database down"));
	}

	private static <T> void record(List<T> list, T value) {
		synchronized (list) {
			list.add(value);
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
