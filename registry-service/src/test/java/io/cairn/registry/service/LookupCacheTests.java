package io.cairn.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.registry.domain.Instance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LookupCache} answers from memory, and what it keeps when it is full.
 */
class LookupCacheTests {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	private static final Duration TTL = Duration.ofSeconds(60);

	private final AtomicLong index = new AtomicLong(7);

	private final AtomicInteger loads = new AtomicInteger();

	@Test
	void aRepeatedLookupIsAnsweredFromMemoryUntilTheIndexMoves() {
		LookupCache cache = new LookupCache(this.index::get, () -> true, 1_000);
		lookUp(cache, "^web$");
		lookUp(cache, "^web$");
		assertThat(this.loads).hasValue(1);
		this.index.incrementAndGet();
		lookUp(cache, "^web$");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void whileChangesCannotBeHeardEveryLookupReadsTheDatabase() {
		LookupCache cache = new LookupCache(this.index::get, () -> false, 1_000);
		lookUp(cache, "^web$");
		lookUp(cache, "^web$");
		assertThat(this.loads).hasValue(2);
	}

	/**
	 * Found at 100,000 instances in 10,000 services (issue 18): the cache started over at
	 * 10,000 patterns, so reading one answer more dropped every other, and the lookups
	 * after it all went to the database. Now the bound is on the instances the answers
	 * hold, and 10,001 small answers fit.
	 */
	@Test
	void tenThousandAndOneAnswersAreAllKeptWhenTheirInstancesFit() {
		int services = 10_001;
		LookupCache cache = new LookupCache(this.index::get, () -> true, LookupCache.weightFor(10_000));
		for (int service = 0; service < services; service++) {
			lookUp(cache, "^service-" + service + "$");
		}
		this.loads.set(0);
		for (int service = 0; service < services; service++) {
			lookUp(cache, "^service-" + service + "$");
		}
		assertThat(this.loads.get()).as("lookups of 10,001 answers that went to the database again").isZero();
	}

	@Test
	void beyondTheBoundAnswersAreEvictedUntilTheRestFit() {
		LookupCache cache = new LookupCache(this.index::get, () -> true, 10_000);
		for (int service = 0; service < 30_000; service++) {
			lookUp(cache, "^service-" + service + "$");
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10_000);
	}

	@Test
	void theKeptAnswersHoldAtMostTwiceMaxInstancesInstances() {
		assertThat(LookupCache.weightFor(50_000)).isEqualTo(100_000);
		assertThat(LookupCache.weightFor(1)).isEqualTo(10_000);
	}

	private void lookUp(LookupCache cache, String pattern) {
		cache.get(pattern, NOW, TTL, () -> {
			this.loads.incrementAndGet();
			return List.<Instance>of();
		});
	}

}
