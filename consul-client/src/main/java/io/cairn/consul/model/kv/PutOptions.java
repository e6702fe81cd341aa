package io.cairn.consul.model.kv;

import org.jspecify.annotations.Nullable;

/**
 * Conditions and extras of a KV write: flags, check-and-set, lock acquire or release.
 *
 * @param flags the unsigned flags to store, {@code null} to send none (Consul then stores
 * 0)
 * @param cas check-and-set index: 0 writes only if the key does not exist, otherwise only
 * if the key's modify index matches; {@code null} for an unconditional write
 * @param acquire a session ID to acquire the key as a lock with
 * @param release a session ID to release the lock of
 */
public record PutOptions(@Nullable Long flags, @Nullable Long cas, @Nullable String acquire, @Nullable String release) {

	/** An unconditional write. */
	public static final PutOptions NONE = new PutOptions(null, null, null, null);

	/**
	 * A check-and-set write.
	 * @param index 0 for "only if absent", else the expected modify index
	 * @return the options
	 */
	public static PutOptions cas(long index) {
		return new PutOptions(null, index, null, null);
	}

	/**
	 * A lock acquisition.
	 * @param session the session ID
	 * @return the options
	 */
	public static PutOptions acquire(String session) {
		return new PutOptions(null, null, session, null);
	}

	/**
	 * A lock release.
	 * @param session the session ID holding the lock
	 * @return the options
	 */
	public static PutOptions release(String session) {
		return new PutOptions(null, null, null, session);
	}

	/**
	 * The same options with flags.
	 * @param flags the unsigned flags
	 * @return a changed copy
	 */
	public PutOptions withFlags(long flags) {
		return new PutOptions(flags, this.cas, this.acquire, this.release);
	}

}
