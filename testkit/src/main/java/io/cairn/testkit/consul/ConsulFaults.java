package io.cairn.testkit.consul;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Faults to inject into a running {@link ConsulSimulator}. Each returns this object so
 * faults can be chained; {@link #clear()} removes them all.
 */
public final class ConsulFaults {

	record Failure(String pathPrefix, int status, String body, int[] remaining, boolean blockingOnly) {
	}

	record Truncation(String pathPrefix, int[] remaining, boolean lieAboutLength) {
	}

	record ForcedIndex(String pathPrefix, long index, int[] remaining) {
	}

	/** A hang of the requests under a prefix, of one method or ({@code null}) of all. */
	record Hang(@Nullable String method, String pathPrefix) {
	}

	final List<Hang> hangs = new CopyOnWriteArrayList<>();

	final List<Failure> failures = new CopyOnWriteArrayList<>();

	final List<Truncation> truncations = new CopyOnWriteArrayList<>();

	final List<ForcedIndex> forcedIndexes = new CopyOnWriteArrayList<>();

	final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();

	volatile boolean extraFields;

	volatile boolean noLeader;

	private final Runnable changed;

	ConsulFaults(Runnable changed) {
		this.changed = changed;
	}

	/**
	 * Requests whose path starts with the prefix never get an answer (until the fault is
	 * cleared or the simulator stops): a hanging server.
	 * @param pathPrefix for example {@code /v1/kv/}
	 * @return this
	 */
	public ConsulFaults hang(String pathPrefix) {
		this.hangs.add(new Hang(null, pathPrefix));
		return this;
	}

	/**
	 * Requests of this method whose path starts with the prefix get no answer until the
	 * fault is cleared, and are then served: a write held in flight while reads and other
	 * writes of the same keys go on (a test's way to land a request between two steps of
	 * another).
	 * @param method the HTTP method, for example {@code DELETE}
	 * @param pathPrefix for example {@code /v1/kv/}
	 * @return this
	 */
	public ConsulFaults hang(String method, String pathPrefix) {
		this.hangs.add(new Hang(method, pathPrefix));
		return this;
	}

	/**
	 * The next {@code times} requests under the prefix fail with this status.
	 * @param pathPrefix the path prefix
	 * @param status the HTTP status, for example 500
	 * @param times how many requests fail
	 * @return this
	 */
	public ConsulFaults failNext(String pathPrefix, int status, int times) {
		this.failures
			.add(new Failure(pathPrefix, status, "simulated failure (" + status + ")", new int[] { times }, false));
		return this;
	}

	/**
	 * The next {@code times} requests under the prefix fail with this status and body.
	 * @param pathPrefix the path prefix
	 * @param status the HTTP status
	 * @param body the body, for example {@code No cluster leader}
	 * @param times how many requests fail
	 * @return this
	 */
	public ConsulFaults failNext(String pathPrefix, int status, String body, int times) {
		this.failures.add(new Failure(pathPrefix, status, body, new int[] { times }, false));
		return this;
	}

	/**
	 * The next {@code times} blocking requests (those with {@code ?index} or
	 * {@code ?hash}) under the prefix fail with a 500: an error in the middle of a watch.
	 * @param pathPrefix the path prefix
	 * @param times how many requests fail
	 * @return this
	 */
	public ConsulFaults failNextBlocking(String pathPrefix, int times) {
		this.failures.add(new Failure(pathPrefix, 500, "rpc error: simulated failure in a blocking query",
				new int[] { times }, true));
		return this;
	}

	/**
	 * The next answer under the prefix has its JSON body cut in half (with an honest
	 * {@code Content-Length}).
	 * @param pathPrefix the path prefix
	 * @return this
	 */
	public ConsulFaults truncateNext(String pathPrefix) {
		this.truncations.add(new Truncation(pathPrefix, new int[] { 1 }, false));
		return this;
	}

	/**
	 * The next answer under the prefix announces a longer {@code Content-Length} than it
	 * sends, then the connection closes.
	 * @param pathPrefix the path prefix
	 * @return this
	 */
	public ConsulFaults cutConnectionNext(String pathPrefix) {
		this.truncations.add(new Truncation(pathPrefix, new int[] { 1 }, true));
		return this;
	}

	/**
	 * The next {@code times} answers under the prefix carry this {@code X-Consul-Index}
	 * (0 or a lower value than before reproduce the cases the blocking query rules guard
	 * against).
	 * @param pathPrefix the path prefix
	 * @param index the index to report
	 * @param times how many answers
	 * @return this
	 */
	public ConsulFaults forceIndex(String pathPrefix, long index, int times) {
		this.forcedIndexes.add(new ForcedIndex(pathPrefix, index, new int[] { times }));
		return this;
	}

	/**
	 * Add fields no Consul version has to every JSON object answer (clients must ignore
	 * them).
	 * @param enabled whether to add them
	 * @return this
	 */
	public ConsulFaults extraFields(boolean enabled) {
		this.extraFields = enabled;
		return this;
	}

	/**
	 * Lose (or regain) the cluster leader: {@code /status/leader} answers {@code ""},
	 * reads without {@code ?stale} and writes to the servers' state fail with 500
	 * {@code No cluster leader}, stale reads answer with
	 * {@code X-Consul-KnownLeader: false}.
	 * @param noLeader {@code true} to lose the leader
	 * @return this
	 */
	public ConsulFaults noLeader(boolean noLeader) {
		this.noLeader = noLeader;
		this.changed.run();
		return this;
	}

	/**
	 * Reject a token with 403 {@code ACL not found}, whatever the ACL settings.
	 * @param token the secret ID
	 * @return this
	 */
	public ConsulFaults rejectToken(String token) {
		this.rejectedTokens.add(token);
		return this;
	}

	/**
	 * Remove every fault (hanging requests are released).
	 * @return this
	 */
	public ConsulFaults clear() {
		this.hangs.clear();
		this.failures.clear();
		this.truncations.clear();
		this.forcedIndexes.clear();
		this.rejectedTokens.clear();
		this.extraFields = false;
		this.noLeader = false;
		this.changed.run();
		return this;
	}

	boolean hangs(String method, String path) {
		for (Hang hang : this.hangs) {
			String only = hang.method();
			if (path.startsWith(hang.pathPrefix()) && (only == null || only.equalsIgnoreCase(method))) {
				return true;
			}
		}
		return false;
	}

	@Nullable Failure takeFailure(String path, boolean blocking) {
		for (Failure failure : this.failures) {
			if (path.startsWith(failure.pathPrefix()) && (!failure.blockingOnly() || blocking)) {
				synchronized (failure) {
					if (failure.remaining()[0] > 0) {
						failure.remaining()[0]--;
						return failure;
					}
				}
			}
		}
		return null;
	}

	@Nullable Truncation takeTruncation(String path) {
		for (Truncation truncation : this.truncations) {
			if (path.startsWith(truncation.pathPrefix())) {
				synchronized (truncation) {
					if (truncation.remaining()[0] > 0) {
						truncation.remaining()[0]--;
						return truncation;
					}
				}
			}
		}
		return null;
	}

	@Nullable Long takeForcedIndex(String path) {
		for (ForcedIndex forced : this.forcedIndexes) {
			if (path.startsWith(forced.pathPrefix())) {
				synchronized (forced) {
					if (forced.remaining()[0] > 0) {
						forced.remaining()[0]--;
						return forced.index();
					}
				}
			}
		}
		return null;
	}

}
