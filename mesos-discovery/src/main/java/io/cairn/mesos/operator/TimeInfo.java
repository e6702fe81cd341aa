package io.cairn.mesos.operator;

/**
 * A point in time in nanoseconds.
 *
 * @param nanoseconds nanoseconds since the epoch
 */
public record TimeInfo(long nanoseconds) {
}
