package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A resource ({@code cpus}, {@code mem}, {@code ports}...) with its value in the field
 * its type names.
 *
 * @param name the name
 * @param type SCALAR, RANGES or SET
 * @param scalar the value of a scalar
 * @param ranges the value of ranges
 * @param set the value of a set
 * @param role the (deprecated) role
 */
public record Resource(String name, String type, @Nullable Scalar scalar, @Nullable Ranges ranges, @Nullable Items set,
		@Nullable String role) {

	/**
	 * A scalar value.
	 *
	 * @param value the value
	 */
	public record Scalar(double value) {
	}

	/**
	 * Ranges.
	 *
	 * @param range the ranges
	 */
	public record Ranges(List<Range> range) {
	}

	/**
	 * One range.
	 *
	 * @param begin the first value
	 * @param end the last value
	 */
	public record Range(long begin, long end) {
	}

	/**
	 * A set of items.
	 *
	 * @param item the items
	 */
	public record Items(List<String> item) {
	}

}
