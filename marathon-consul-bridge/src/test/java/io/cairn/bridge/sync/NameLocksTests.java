package io.cairn.bridge.sync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Apps that share a name take turns; apps that do not share one do not wait for each
 * other.
 */
class NameLocksTests {

	@Test
	void aSecondHolderOfTheSameNameWaitsUntilTheFirstReleasesIt() throws Exception {
		NameLocks locks = new NameLocks(64);
		AtomicBoolean entered = new AtomicBoolean();
		CompletableFuture<Void> second;
		try (NameLocks.Hold first = locks.lock(List.of("a-b-c"))) {
			second = CompletableFuture.runAsync(() -> {
				try (NameLocks.Hold hold = locks.lock(List.of("other", "a-b-c"))) {
					entered.set(true);
				}
			});
			// The second holder is parked on the lock, not merely slow to start.
			await().atMost(Duration.ofSeconds(10)).until(() -> locks.queued("a-b-c"));
			assertThat(entered).isFalse();
		}
		second.get(10, TimeUnit.SECONDS);
		assertThat(entered).isTrue();
	}

	@Test
	void namesOnDifferentStripesDoNotWaitForEachOther() throws Exception {
		NameLocks locks = new NameLocks(2);
		String left = "a";
		String right = "b";
		assertThat(Math.floorMod(left.hashCode(), 2)).isNotEqualTo(Math.floorMod(right.hashCode(), 2));
		try (NameLocks.Hold first = locks.lock(List.of(left))) {
			CompletableFuture.runAsync(() -> locks.lock(List.of(right)).close()).get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aNameGivenTwiceOrTwoNamesOnOneStripeAreReleasedCompletely() throws Exception {
		NameLocks locks = new NameLocks(1);
		locks.lock(List.of("x", "x", "y")).close();
		CompletableFuture.runAsync(() -> locks.lock(List.of("z")).close()).get(10, TimeUnit.SECONDS);
	}

}
