package io.cairn.consul.model.acl;

import org.jspecify.annotations.Nullable;

/**
 * ACL replication status ({@code /acl/replication}).
 *
 * @param enabled whether replication is enabled
 * @param running whether it runs
 * @param sourceDatacenter the primary datacenter
 * @param replicationType {@code policies} or {@code tokens}
 * @param replicatedIndex the last replicated index
 * @param replicatedRoleIndex the last replicated role index
 * @param replicatedTokenIndex the last replicated token index
 * @param lastSuccess the last success (UTC)
 * @param lastError the last error (UTC)
 * @param lastErrorMessage the last error message
 */
public record AclReplication(boolean enabled, boolean running, @Nullable String sourceDatacenter,
		@Nullable String replicationType, long replicatedIndex, long replicatedRoleIndex, long replicatedTokenIndex,
		@Nullable String lastSuccess, @Nullable String lastError, @Nullable String lastErrorMessage) {
}
