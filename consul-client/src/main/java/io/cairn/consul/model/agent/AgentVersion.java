package io.cairn.consul.model.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The agent's version ({@code /agent/version}, Consul 1.12+).
 *
 * @param sha the git commit
 * @param buildDate the build date
 * @param humanVersion the version, for example {@code 1.17.0}
 * @param fips the FIPS mode, empty when none
 */
public record AgentVersion(@JsonProperty("SHA") @Nullable String sha, @Nullable String buildDate, String humanVersion,
		@JsonProperty("FIPS") @Nullable String fips) {
}
