package io.cairn.status.history;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bucket placement and percentile estimates.
 */
class ResponseTimeBucketsTests {

	@Test
	void aBoundBelongsToTheBucketAboveItAsWidthBucketCountsIt() {
		assertThat(ResponseTimeBuckets.bucketOf(0)).isZero();
		assertThat(ResponseTimeBuckets.bucketOf(4)).isZero();
		assertThat(ResponseTimeBuckets.bucketOf(5)).isEqualTo(1);
		assertThat(ResponseTimeBuckets.bucketOf(99)).isEqualTo(4);
		assertThat(ResponseTimeBuckets.bucketOf(100)).isEqualTo(5);
		assertThat(ResponseTimeBuckets.bucketOf(10_000)).isEqualTo(ResponseTimeBuckets.COUNT - 1);
		assertThat(ResponseTimeBuckets.bucketOf(Long.MAX_VALUE)).isEqualTo(ResponseTimeBuckets.COUNT - 1);
	}

	@Test
	void percentilesFallInTheirBucketClampedToWhatWasObserved() {
		long[] counts = new long[ResponseTimeBuckets.COUNT];
		// 90 results of 10..24 ms, 9 of 250..499 ms, 1 of 3000 ms
		counts[ResponseTimeBuckets.bucketOf(12)] = 90;
		counts[ResponseTimeBuckets.bucketOf(300)] = 9;
		counts[ResponseTimeBuckets.bucketOf(3000)] = 1;
		long p50 = ResponseTimeBuckets.percentile(counts, 12, 3000, 0.5);
		long p95 = ResponseTimeBuckets.percentile(counts, 12, 3000, 0.95);
		long p99 = ResponseTimeBuckets.percentile(counts, 12, 3000, 0.99);
		long p100 = ResponseTimeBuckets.percentile(counts, 12, 3000, 1.0);
		assertThat(p50).isBetween(12L, 25L);
		assertThat(p95).isBetween(250L, 500L);
		assertThat(p99).isBetween(250L, 500L);
		assertThat(p100).isEqualTo(3000);
	}

	@Test
	void oneResultIsItsOwnEveryPercentile() {
		long[] counts = new long[ResponseTimeBuckets.COUNT];
		counts[ResponseTimeBuckets.bucketOf(42)] = 1;
		assertThat(ResponseTimeBuckets.percentile(counts, 42, 42, 0.5)).isEqualTo(42);
		assertThat(ResponseTimeBuckets.percentile(counts, 42, 42, 0.99)).isEqualTo(42);
	}

	@Test
	void nothingCountedHasNoPercentile() {
		assertThat(ResponseTimeBuckets.percentile(new long[ResponseTimeBuckets.COUNT], Long.MAX_VALUE, -1, 0.5))
			.isEqualTo(-1);
		assertThat(ResultTally.EMPTY.percentile(0.5)).isNull();
		assertThat(ResultTally.EMPTY.uptimePercent()).isNull();
	}

}
