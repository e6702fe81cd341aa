package io.cairn.status.history;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Results counted over a window: per outcome, and their response times as a sum, a
 * minimum, a maximum and counts per {@link ResponseTimeBuckets bucket}. Tallies of hours,
 * of the hour in progress and of several checks add up.
 *
 * @param ok OK results
 * @param warning Warning results
 * @param critical Critical results
 * @param unknown Unknown results
 * @param responseSum the sum of their response times, in milliseconds
 * @param responseMin the smallest response time, or {@link Long#MAX_VALUE} when none
 * @param responseMax the largest response time, or -1 when none
 * @param buckets results per response-time bucket
 */
public record ResultTally(long ok, long warning, long critical, long unknown, long responseSum, long responseMin,
		long responseMax, long[] buckets) {

	/** Nothing counted. */
	public static final ResultTally EMPTY = new ResultTally(0, 0, 0, 0, 0, Long.MAX_VALUE, -1,
			new long[ResponseTimeBuckets.COUNT]);

	/**
	 * Every result counted.
	 * @return the total
	 */
	public long total() {
		return this.ok + this.warning + this.critical + this.unknown;
	}

	/**
	 * The share of results that were up: OK or Warning (serving, perhaps degraded), as a
	 * percentage. Critical and Unknown results are down.
	 * @return the percentage, or null when there were no results
	 */
	public @Nullable Double uptimePercent() {
		long total = total();
		return (total == 0) ? null : 100.0 * (this.ok + this.warning) / total;
	}

	/**
	 * A response-time percentile, estimated from the buckets.
	 * @param quantile the quantile (0.5, 0.95, 0.99)
	 * @return milliseconds, or null when there were no results
	 */
	public @Nullable Long percentile(double quantile) {
		long value = ResponseTimeBuckets.percentile(this.buckets, this.responseMin, this.responseMax, quantile);
		return (value < 0) ? null : value;
	}

	/**
	 * The mean response time.
	 * @return milliseconds, or null when there were no results
	 */
	public @Nullable Long meanResponseMillis() {
		long total = total();
		return (total == 0) ? null : Math.round((double) this.responseSum / total);
	}

	/**
	 * This tally and another.
	 * @param other the other
	 * @return their sum
	 */
	public ResultTally plus(ResultTally other) {
		long[] sum = Arrays.copyOf(this.buckets, ResponseTimeBuckets.COUNT);
		for (int i = 0; i < sum.length && i < other.buckets.length; i++) {
			sum[i] += other.buckets[i];
		}
		return new ResultTally(this.ok + other.ok, this.warning + other.warning, this.critical + other.critical,
				this.unknown + other.unknown, this.responseSum + other.responseSum,
				Math.min(this.responseMin, other.responseMin), Math.max(this.responseMax, other.responseMax), sum);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ResultTally tally && this.ok == tally.ok && this.warning == tally.warning
				&& this.critical == tally.critical && this.unknown == tally.unknown
				&& this.responseSum == tally.responseSum && this.responseMin == tally.responseMin
				&& this.responseMax == tally.responseMax && Arrays.equals(this.buckets, tally.buckets);
	}

	@Override
	public int hashCode() {
		return 31 * Long.hashCode(total()) + Arrays.hashCode(this.buckets);
	}

	@Override
	public String toString() {
		return "ResultTally[ok=" + this.ok + ", warning=" + this.warning + ", critical=" + this.critical + ", unknown="
				+ this.unknown + ", sum=" + this.responseSum + ", min=" + this.responseMin + ", max=" + this.responseMax
				+ ", buckets=" + Arrays.toString(this.buckets) + "]";
	}

}
