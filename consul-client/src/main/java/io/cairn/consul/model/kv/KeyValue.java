package io.cairn.consul.model.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One KV entry. Consul sends the value base64-encoded; here it is already decoded.
 *
 * @param createIndex the index that created the entry
 * @param modifyIndex the index that last modified it (use it for check-and-set)
 * @param lockIndex how many times the entry was acquired as a lock
 * @param key the full key
 * @param flags the opaque unsigned 64-bit flags
 * @param value the value, {@code null} for a key with no value
 * @param session the session holding the lock, {@code null} when unlocked
 */
public record KeyValue(long createIndex, long modifyIndex, long lockIndex, String key, long flags,
		byte @Nullable [] value, @Nullable String session) {

	/**
	 * The value as UTF-8 text.
	 * @return the text, empty for a key without a value
	 */
	public Optional<String> valueAsString() {
		return (this.value != null) ? Optional.of(new String(this.value, StandardCharsets.UTF_8)) : Optional.empty();
	}

	/**
	 * Whether a session holds this entry as a lock.
	 * @return {@code true} when locked
	 */
	public boolean isLocked() {
		return this.session != null && !this.session.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof KeyValue that) && this.createIndex == that.createIndex
				&& this.modifyIndex == that.modifyIndex && this.lockIndex == that.lockIndex && this.flags == that.flags
				&& this.key.equals(that.key) && Arrays.equals(this.value, that.value)
				&& Objects.equals(this.session, that.session);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.key, this.modifyIndex, this.lockIndex, this.session) * 31
				+ Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "KeyValue[key=" + this.key + ", modifyIndex=" + this.modifyIndex + ", lockIndex=" + this.lockIndex
				+ ", flags=" + this.flags + ", session=" + this.session + ", value="
				+ ((this.value != null) ? this.value.length + " bytes" : "null") + "]";
	}

}
