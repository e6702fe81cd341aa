package io.cairn.status.history;

import java.util.Arrays;

/**
 * The fixed response-time buckets the hourly rows count results in, and percentile
 * estimates from them. Fixed bounds keep every hourly row mergeable with every other (a
 * day, a week and a month are sums of hours), at the price of an estimate: a percentile
 * lies in its bucket, interpolated linearly and clamped to the observed minimum and
 * maximum.
 */
public final class ResponseTimeBuckets {

	/**
	 * Upper bounds (exclusive) of the buckets, in milliseconds; the last bucket takes
	 * everything from the last bound up. Bucket {@code i} holds {@code [UPPER[i-1],
	 * UPPER[i])}, as PostgreSQL's {@code width_bucket} counts.
	 */
	static final int[] UPPER_BOUNDS_MS = { 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 };

	/** How many buckets there are. */
	public static final int COUNT = UPPER_BOUNDS_MS.length + 1;

	private ResponseTimeBuckets() {
	}

	/**
	 * The bucket a response time falls in.
	 * @param millis the response time
	 * @return the bucket index, 0 to {@link #COUNT} - 1
	 */
	static int bucketOf(long millis) {
		int index = Arrays.binarySearch(UPPER_BOUNDS_MS, (int) Math.min(millis, Integer.MAX_VALUE));
		// an exact hit on a bound belongs to the bucket above it
		return (index >= 0) ? index + 1 : -index - 1;
	}

	/**
	 * Estimate a percentile from bucket counts.
	 * @param counts results per bucket
	 * @param min the smallest response time counted
	 * @param max the largest
	 * @param quantile the quantile, above 0 and at most 1
	 * @return the estimate in milliseconds, or -1 when nothing was counted
	 */
	static long percentile(long[] counts, long min, long max, double quantile) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		if (total == 0) {
			return -1;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * total));
		long seen = 0;
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] == 0) {
				continue;
			}
			if (seen + counts[i] >= rank) {
				double lower = Math.max(min, (i == 0) ? 0 : UPPER_BOUNDS_MS[i - 1]);
				double upper = Math.min(max, (i < UPPER_BOUNDS_MS.length) ? UPPER_BOUNDS_MS[i] : max);
				if (upper < lower) {
					upper = lower;
				}
				double within = (double) (rank - seen) / counts[i];
				return Math.round(lower + (upper - lower) * within);
			}
			seen += counts[i];
		}
		return max;
	}

}
