package io.cairn.consul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.cairn.duration.GoDuration;

/**
 * Per-request settings: datacenter, ACL token, consistency mode, agent cache, blocking
 * query (index or hash, and wait), filter expression, node metadata and RTT sorting.
 * Immutable: every method returns a changed copy, starting from {@link #NONE}.
 *
 * <pre>{@code
 * QueryOptions.NONE.datacenter("dc2").stale().filter("Service.Tags contains \"v2\"")
 * QueryOptions.NONE.after(previous.meta()).waitFor("2m30s")   // a blocking query
 * }</pre>
 *
 * Options that an endpoint does not support are still sent; Consul ignores or rejects
 * them as its documentation says. Writes use only the datacenter and the token.
 */
public final class QueryOptions {

	/** No option: the agent's datacenter, the client's token and consistency. */
	public static final QueryOptions NONE = new QueryOptions(null, null, null, false, null, null, 0, null, null, null,
			null, List.of(), null, null);

	/** The longest wait Consul honours; longer waits are capped to it. */
	public static final Duration MAX_WAIT = Duration.ofMinutes(10);

	private final @Nullable String datacenter;

	private final @Nullable String token;

	private final @Nullable Consistency consistency;

	private final boolean cached;

	private final @Nullable Duration maxAge;

	private final @Nullable Duration staleIfError;

	private final long index;

	private final @Nullable String hash;

	private final @Nullable Duration wait;

	private final @Nullable String filter;

	private final @Nullable String near;

	private final List<String> nodeMeta;

	private final @Nullable String namespace;

	private final @Nullable String partition;

	private QueryOptions(@Nullable String datacenter, @Nullable String token, @Nullable Consistency consistency,
			boolean cached, @Nullable Duration maxAge, @Nullable Duration staleIfError, long index,
			@Nullable String hash, @Nullable Duration wait, @Nullable String filter, @Nullable String near,
			List<String> nodeMeta, @Nullable String namespace, @Nullable String partition) {
		this.datacenter = datacenter;
		this.token = token;
		this.consistency = consistency;
		this.cached = cached;
		this.maxAge = maxAge;
		this.staleIfError = staleIfError;
		this.index = index;
		this.hash = hash;
		this.wait = wait;
		this.filter = filter;
		this.near = near;
		this.nodeMeta = nodeMeta;
		this.namespace = namespace;
		this.partition = partition;
	}

	private QueryOptions copy(@Nullable String datacenter, @Nullable String token, @Nullable Consistency consistency,
			boolean cached, @Nullable Duration maxAge, @Nullable Duration staleIfError, long index,
			@Nullable String hash, @Nullable Duration wait, @Nullable String filter, @Nullable String near,
			List<String> nodeMeta, @Nullable String namespace, @Nullable String partition) {
		if (cached && consistency == Consistency.CONSISTENT) {
			throw new IllegalArgumentException("Consul rejects ?cached combined with ?consistent");
		}
		return new QueryOptions(datacenter, token, consistency, cached, maxAge, staleIfError, index, hash, wait, filter,
				near, nodeMeta, namespace, partition);
	}

	/**
	 * Ask another datacenter ({@code ?dc=}).
	 * @param datacenter the datacenter name
	 * @return a changed copy
	 */
	public QueryOptions datacenter(String datacenter) {
		return copy(datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Use this ACL token instead of the client's (sent as {@code X-Consul-Token}).
	 * @param token the secret ID
	 * @return a changed copy
	 */
	public QueryOptions token(String token) {
		return copy(this.datacenter, token, this.consistency, this.cached, this.maxAge, this.staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Use this consistency mode instead of the client's default.
	 * @param consistency the mode
	 * @return a changed copy
	 */
	public QueryOptions consistency(Consistency consistency) {
		return copy(this.datacenter, this.token, consistency, this.cached, this.maxAge, this.staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Shorthand for {@code consistency(Consistency.STALE)}.
	 * @return a changed copy
	 */
	public QueryOptions stale() {
		return consistency(Consistency.STALE);
	}

	/**
	 * Shorthand for {@code consistency(Consistency.CONSISTENT)}.
	 * @return a changed copy
	 */
	public QueryOptions consistent() {
		return consistency(Consistency.CONSISTENT);
	}

	/**
	 * Let the agent answer from its cache ({@code ?cached}), on endpoints that support
	 * it.
	 * @return a changed copy
	 */
	public QueryOptions cached() {
		return copy(this.datacenter, this.token, this.consistency, true, this.maxAge, this.staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Let the agent answer from its cache when the entry is at most this old
	 * ({@code ?cached} with {@code Cache-Control: max-age}).
	 * @param maxAge the oldest acceptable age
	 * @return a changed copy
	 */
	public QueryOptions cached(Duration maxAge) {
		return copy(this.datacenter, this.token, this.consistency, true, maxAge, this.staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * With {@link #cached(Duration)}: accept an older cached answer when the servers fail
	 * ({@code stale-if-error}).
	 * @param staleIfError the oldest acceptable age on errors
	 * @return a changed copy
	 */
	public QueryOptions staleIfError(Duration staleIfError) {
		return copy(this.datacenter, this.token, this.consistency, true, this.maxAge, staleIfError, this.index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Block until the result's index moves past this one ({@code ?index=}). Zero means no
	 * blocking.
	 * @param index the index of the previous answer
	 * @return a changed copy
	 */
	public QueryOptions index(long index) {
		if (index < 0) {
			throw new IllegalArgumentException("A blocking index must not be negative: " + index);
		}
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError, index,
				this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Block until the content hash changes ({@code ?hash=}), on the agent endpoints that
	 * use hash-based blocking.
	 * @param hash the {@link ResponseMeta#contentHash()} of the previous answer
	 * @return a changed copy
	 */
	public QueryOptions hash(String hash) {
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Block after a previous answer: takes its content hash when it has one, else its
	 * index.
	 * @param previous the metadata of the previous answer
	 * @return a changed copy
	 */
	public QueryOptions after(ResponseMeta previous) {
		String contentHash = previous.contentHash();
		return (contentHash != null) ? hash(contentHash) : index(Math.max(previous.index(), 0));
	}

	/**
	 * How long a blocking query may hang ({@code ?wait=}); capped at 10 minutes, Consul's
	 * limit. The client's read timeout for the call becomes {@code wait + wait/16} plus a
	 * margin.
	 * @param wait the longest wait
	 * @return a changed copy
	 */
	public QueryOptions waitFor(Duration wait) {
		if (wait.isNegative() || wait.isZero()) {
			throw new IllegalArgumentException("A blocking wait must be positive: " + wait);
		}
		Duration capped = (wait.compareTo(MAX_WAIT) > 0) ? MAX_WAIT : wait;
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, capped, this.filter, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * {@link #waitFor(Duration)} with a Go duration such as {@code 2m30s}.
	 * @param wait the longest wait
	 * @return a changed copy
	 */
	public QueryOptions waitFor(String wait) {
		return waitFor(GoDuration.parse(wait));
	}

	/**
	 * Filter the result on the server ({@code ?filter=}), for example
	 * {@code Service.Tags contains "v2"}.
	 * @param expression a Consul filter expression
	 * @return a changed copy
	 */
	public QueryOptions filter(String expression) {
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, this.wait, expression, this.near, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Sort by round-trip time from a node ({@code ?near=}); {@code _agent} means the
	 * agent's own node.
	 * @param node the node name
	 * @return a changed copy
	 */
	public QueryOptions near(String node) {
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, this.wait, this.filter, node, this.nodeMeta, this.namespace, this.partition);
	}

	/**
	 * Only nodes with this metadata pair ({@code ?node-meta=key:value}); may be repeated.
	 * @param key the metadata key
	 * @param value the metadata value
	 * @return a changed copy
	 */
	public QueryOptions nodeMeta(String key, String value) {
		List<String> meta = new ArrayList<>(this.nodeMeta);
		meta.add(key + ":" + value);
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, this.wait, this.filter, this.near, Collections.unmodifiableList(meta),
				this.namespace, this.partition);
	}

	/**
	 * Consul Enterprise namespace ({@code ?ns=}); passed through as is.
	 * @param namespace the namespace
	 * @return a changed copy
	 */
	public QueryOptions namespace(String namespace) {
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, this.wait, this.filter, this.near, this.nodeMeta, namespace, this.partition);
	}

	/**
	 * Consul Enterprise admin partition ({@code ?partition=}); passed through as is.
	 * @param partition the partition
	 * @return a changed copy
	 */
	public QueryOptions partition(String partition) {
		return copy(this.datacenter, this.token, this.consistency, this.cached, this.maxAge, this.staleIfError,
				this.index, this.hash, this.wait, this.filter, this.near, this.nodeMeta, this.namespace, partition);
	}

	/**
	 * @return the datacenter, or {@code null} for the agent's
	 */
	public @Nullable String datacenter() {
		return this.datacenter;
	}

	/**
	 * @return the token, or {@code null} for the client's
	 */
	public @Nullable String token() {
		return this.token;
	}

	/**
	 * @return the consistency mode, or {@code null} for the client's default
	 */
	public @Nullable Consistency consistency() {
		return this.consistency;
	}

	/**
	 * @return whether the agent cache may answer
	 */
	public boolean isCached() {
		return this.cached;
	}

	/**
	 * @return the cache {@code max-age}, or {@code null}
	 */
	public @Nullable Duration maxAge() {
		return this.maxAge;
	}

	/**
	 * @return the cache {@code stale-if-error}, or {@code null}
	 */
	public @Nullable Duration staleIfErrorAge() {
		return this.staleIfError;
	}

	/**
	 * @return the blocking index, 0 for none
	 */
	public long index() {
		return this.index;
	}

	/**
	 * @return the blocking hash, or {@code null}
	 */
	public @Nullable String hash() {
		return this.hash;
	}

	/**
	 * @return the blocking wait, or {@code null} for the client's default
	 */
	public @Nullable Duration waitTime() {
		return this.wait;
	}

	/**
	 * @return the filter expression, or {@code null}
	 */
	public @Nullable String filter() {
		return this.filter;
	}

	/**
	 * @return the node to sort near, or {@code null}
	 */
	public @Nullable String near() {
		return this.near;
	}

	/**
	 * @return the node metadata pairs as {@code key:value}
	 */
	public List<String> nodeMeta() {
		return this.nodeMeta;
	}

	/**
	 * @return the namespace, or {@code null}
	 */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/**
	 * @return the partition, or {@code null}
	 */
	public @Nullable String partition() {
		return this.partition;
	}

	/**
	 * @return whether this is a blocking query (an index or a hash is set)
	 */
	public boolean isBlocking() {
		return this.index > 0 || this.hash != null;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof QueryOptions that) && this.cached == that.cached && this.index == that.index
				&& Objects.equals(this.datacenter, that.datacenter) && Objects.equals(this.token, that.token)
				&& this.consistency == that.consistency && Objects.equals(this.maxAge, that.maxAge)
				&& Objects.equals(this.staleIfError, that.staleIfError) && Objects.equals(this.hash, that.hash)
				&& Objects.equals(this.wait, that.wait) && Objects.equals(this.filter, that.filter)
				&& Objects.equals(this.near, that.near) && this.nodeMeta.equals(that.nodeMeta)
				&& Objects.equals(this.namespace, that.namespace) && Objects.equals(this.partition, that.partition);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.datacenter, this.consistency, this.index, this.hash, this.wait, this.filter);
	}

	@Override
	public String toString() {
		return "QueryOptions[dc=" + this.datacenter + ", token=" + ((this.token != null) ? "<set>" : null)
				+ ", consistency=" + this.consistency + ", cached=" + this.cached + ", index=" + this.index + ", hash="
				+ this.hash + ", wait=" + this.wait + ", filter=" + this.filter + ", near=" + this.near + ", nodeMeta="
				+ this.nodeMeta + "]";
	}

}
