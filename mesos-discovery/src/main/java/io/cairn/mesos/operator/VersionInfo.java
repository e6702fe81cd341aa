package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * The master's build ({@code GET_VERSION}).
 *
 * @param version the Mesos version
 * @param buildDate the build date
 * @param buildTime the build time, seconds since the epoch
 * @param buildUser who built it
 * @param gitSha the commit
 * @param gitBranch the branch
 * @param gitTag the tag
 */
public record VersionInfo(String version, @Nullable String buildDate, @Nullable Double buildTime,
		@Nullable String buildUser, @Nullable String gitSha, @Nullable String gitBranch, @Nullable String gitTag) {
}
