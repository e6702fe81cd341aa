package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET_MASTER} answers: the master's info and when it started and was elected.
 *
 * @param masterInfo the master's info
 * @param startTime when it started, seconds since the epoch
 * @param electedTime when it was elected, seconds since the epoch
 */
public record MasterState(io.cairn.mesos.master.MasterInfo masterInfo, @Nullable Double startTime,
		@Nullable Double electedTime) {
}
