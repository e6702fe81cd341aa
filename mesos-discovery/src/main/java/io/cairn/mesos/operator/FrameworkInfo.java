package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A framework as it registered.
 *
 * @param id the framework id
 * @param name the name
 * @param user the user tasks run as
 * @param role the (deprecated) single role
 * @param roles the roles
 * @param hostname the scheduler's host
 * @param principal the principal
 * @param webuiUrl the framework's UI
 * @param failoverTimeout seconds the master waits for a disconnected scheduler
 * @param checkpoint whether agents checkpoint its tasks
 */
public record FrameworkInfo(@Nullable MesosId id, String name, @Nullable String user, @Nullable String role,
		@Nullable List<String> roles, @Nullable String hostname, @Nullable String principal, @Nullable String webuiUrl,
		@Nullable Double failoverTimeout, @Nullable Boolean checkpoint) {
}
