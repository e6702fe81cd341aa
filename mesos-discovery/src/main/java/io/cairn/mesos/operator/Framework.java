package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * A framework known to the master ({@code GET_FRAMEWORKS}).
 *
 * @param frameworkInfo the framework's info
 * @param active whether it is active
 * @param connected whether its scheduler is connected
 * @param recovered whether it was recovered after a master failover
 * @param registeredTime when it registered
 * @param reregisteredTime when it last re-registered
 */
public record Framework(FrameworkInfo frameworkInfo, boolean active, boolean connected, boolean recovered,
		@Nullable TimeInfo registeredTime, @Nullable TimeInfo reregisteredTime) {
}
