package io.cairn.consul;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What Consul says about an answer besides the answer itself: the headers
 * {@code X-Consul-Index}, {@code X-Consul-KnownLeader}, {@code X-Consul-LastContact},
 * {@code X-Consul-Effective-Consistency}, {@code X-Cache}, {@code Age},
 * {@code X-Consul-ContentHash} and friends.
 *
 * @param index the raft index of the result ({@code X-Consul-Index}), 0 when absent; the
 * basis of blocking queries
 * @param knownLeader whether a leader was known, {@code null} when the header is absent
 * (for example with the streaming backend)
 * @param lastContact time since the answering server last heard from the leader,
 * {@code null} when absent
 * @param effectiveConsistency the consistency mode actually used ({@code leader},
 * {@code consistent} or {@code stale}), {@code null} when absent
 * @param cacheHit {@code true} for {@code X-Cache: HIT}, {@code false} for {@code MISS},
 * {@code null} when the agent cache was not involved
 * @param cacheAge age of a cached answer ({@code Age}), {@code null} when absent
 * @param contentHash the opaque hash of hash-based blocking endpoints, {@code null} when
 * absent
 * @param resultsFilteredByAcls whether ACLs removed entries from a list result
 * @param queryBackend {@code blocking-query} or {@code streaming}, {@code null} when
 * absent
 * @param defaultAclPolicy the agent's default ACL policy ({@code allow}/{@code deny}),
 * {@code null} when absent
 */
public record ResponseMeta(long index, @Nullable Boolean knownLeader, @Nullable Duration lastContact,
		@Nullable String effectiveConsistency, @Nullable Boolean cacheHit, @Nullable Duration cacheAge,
		@Nullable String contentHash, boolean resultsFilteredByAcls, @Nullable String queryBackend,
		@Nullable String defaultAclPolicy) {

	/** Metadata of an answer that carried none. */
	public static final ResponseMeta EMPTY = new ResponseMeta(0, null, null, null, null, null, null, false, null, null);

	/**
	 * The content hash as an optional, for hash-based blocking.
	 * @return the hash if the answer had one
	 */
	public Optional<String> hash() {
		return Optional.ofNullable(this.contentHash);
	}

	/**
	 * Whether Consul said that no leader is known ({@code X-Consul-KnownLeader: false}).
	 * @return {@code true} only when the header said so
	 */
	public boolean leaderUnknown() {
		return Boolean.FALSE.equals(this.knownLeader);
	}

}
