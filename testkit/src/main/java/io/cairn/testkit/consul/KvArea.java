package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/kv}: keys with create, modify and lock indexes, CAS, locks held by sessions
 * with lock-delay, tombstones so that a deleted key's index still moves, and blocking
 * reads of a key or a prefix. The transaction, session and snapshot areas change keys
 * through the methods here.
 */
final class KvArea {

	static final long MAX_VALUE_SIZE = 512 * 1024;

	private final RaftLog raft;

	private final SessionLookup sessions;

	private final TreeMap<String, Kv> entries = new TreeMap<>();

	private final Map<String, Long> tombstones = new HashMap<>();

	private final Map<String, Long> lockDelays = new HashMap<>();

	private long kvIndex;

	KvArea(RaftLog raft, SessionLookup sessions) {
		this.raft = raft;
		this.sessions = sessions;
	}

	void reset(long start) {
		this.entries.clear();
		this.tombstones.clear();
		this.lockDelays.clear();
		this.kvIndex = start;
	}

	/** A stored key. */
	record Kv(long createIndex, long modifyIndex, long lockIndex, long flags, byte @Nullable [] value,
			@Nullable String session) {

		Kv modified(long at, byte @Nullable [] newValue, long newFlags) {
			return new Kv(this.createIndex, at, this.lockIndex, newFlags, newValue, this.session);
		}

	}

	/** Whether a session ID names a live session (to acquire a lock). */
	@FunctionalInterface
	interface SessionLookup {

		boolean exists(String sessionId);

	}

	/** What a transaction restores when one of its operations fails. */
	record Saved(TreeMap<String, Kv> entries, Map<String, Long> tombstones, long kvIndex) {
	}

	Saved save() {
		return new Saved(new TreeMap<>(this.entries), new HashMap<>(this.tombstones), this.kvIndex);
	}

	void restore(Saved saved) {
		this.entries.clear();
		this.entries.putAll(saved.entries());
		this.tombstones.clear();
		this.tombstones.putAll(saved.tombstones());
		this.kvIndex = saved.kvIndex();
	}

	// ---------------------------------------------------------------- reads

	/** {@code GET /v1/kv/:key}: a key, the keys under a prefix or their names. */
	ApiResponse get(ApiRequest r, String key) throws InterruptedException {
		return this.raft.blocking(r, () -> read(r, key));
	}

	private ApiResponse read(ApiRequest r, String key) {
		if (r.has("keys")) {
			return listKeys(key, r.param("separator"));
		}
		if (r.has("recurse")) {
			ArrayNode list = JSON.createArrayNode();
			tree(key).forEach((name, entry) -> list.add(json(name, entry, true)));
			long at = prefixIndex(key);
			return list.isEmpty() ? ApiResponse.text(404, "").withIndex(at) : ApiResponse.read(list, at);
		}
		Kv entry = this.entries.get(key);
		if (entry == null) {
			Long tombstone = this.tombstones.get(key);
			return ApiResponse.text(404, "").withIndex((tombstone != null) ? tombstone : this.kvIndex);
		}
		if (r.has("raw")) {
			ApiResponse raw = ApiResponse.raw(200, (entry.value() != null) ? entry.value() : new byte[0],
					"text/plain; charset=utf-8");
			return raw.withIndex(entry.modifyIndex());
		}
		return ApiResponse.read(JSON.createArrayNode().add(json(key, entry, true)), entry.modifyIndex());
	}

	private ApiResponse listKeys(String prefix, @Nullable String separator) {
		ArrayNode keys = JSON.createArrayNode();
		String last = null;
		for (String candidate : tree(prefix).keySet()) {
			String listed = candidate;
			if (separator != null && !separator.isEmpty()) {
				int at = candidate.indexOf(separator, prefix.length());
				if (at >= 0) {
					listed = candidate.substring(0, at + separator.length());
				}
			}
			if (!listed.equals(last)) {
				keys.add(listed);
				last = listed;
			}
		}
		long at = prefixIndex(prefix);
		return keys.isEmpty() ? ApiResponse.text(404, "").withIndex(at) : ApiResponse.read(keys, at);
	}

	/** The keys under a prefix, in order. */
	Map<String, Kv> tree(String prefix) {
		Map<String, Kv> found = new TreeMap<>();
		for (Map.Entry<String, Kv> entry : this.entries.tailMap(prefix, true).entrySet()) {
			if (!entry.getKey().startsWith(prefix)) {
				break;
			}
			found.put(entry.getKey(), entry.getValue());
		}
		return found;
	}

	private long prefixIndex(String prefix) {
		long max = 0;
		for (Kv entry : tree(prefix).values()) {
			max = Math.max(max, entry.modifyIndex());
		}
		for (Map.Entry<String, Long> tombstone : this.tombstones.entrySet()) {
			if (tombstone.getKey().startsWith(prefix)) {
				max = Math.max(max, tombstone.getValue());
			}
		}
		return (max > 0) ? max : this.kvIndex;
	}

	@Nullable Kv get(String key) {
		return this.entries.get(key);
	}

	int size() {
		return this.entries.size();
	}

	Map<String, Kv> all() {
		return this.entries;
	}

	ObjectNode json(String key, Kv entry, boolean withValue) {
		ObjectNode node = JSON.createObjectNode();
		node.put("LockIndex", entry.lockIndex());
		node.put("Key", key);
		node.put("Flags", entry.flags());
		if (withValue && entry.value() != null) {
			node.put("Value", Base64.getEncoder().encodeToString(entry.value()));
		}
		else {
			node.putNull("Value");
		}
		if (entry.session() != null) {
			node.put("Session", entry.session());
		}
		node.put("CreateIndex", entry.createIndex());
		node.put("ModifyIndex", entry.modifyIndex());
		return node;
	}

	// ---------------------------------------------------------------- writes

	/** {@code PUT /v1/kv/:key}: a write, a CAS, a lock's acquire or release. */
	ApiResponse put(ApiRequest r, String key) {
		if (key.isEmpty()) {
			return ApiResponse.bad("Missing key name");
		}
		if (r.body.length > MAX_VALUE_SIZE) {
			return ApiResponse.text(413, "Request body(" + r.body.length + " bytes) too large, max size: "
					+ MAX_VALUE_SIZE
					+ " bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
		}
		long flags;
		try {
			flags = (r.param("flags") != null) ? Long.parseUnsignedLong(r.param("flags")) : 0;
		}
		catch (NumberFormatException ex) {
			return ApiResponse.bad("Invalid flags: " + ex.getMessage());
		}
		if (r.has("acquire") && r.has("release")) {
			return ApiResponse
				.bad("Conflicting flags: acquire=" + r.param("acquire") + "&release=" + r.param("release"));
		}
		if (r.param("cas") != null) {
			long cas;
			try {
				cas = Long.parseUnsignedLong(r.param("cas"));
			}
			catch (NumberFormatException ex) {
				return ApiResponse.bad("Invalid CAS index: " + ex.getMessage());
			}
			if (!casMatches(this.entries.get(key), cas)) {
				return ApiResponse.bool(false);
			}
		}
		String acquire = r.param("acquire");
		String release = r.param("release");
		if (acquire != null) {
			return ApiResponse.bool(lock(key, r.body, flags, acquire) == null);
		}
		if (release != null) {
			return ApiResponse.bool(unlock(key, r.body, flags, release) == null);
		}
		set(key, r.body, flags);
		return ApiResponse.bool(true);
	}

	/** Consul's CAS rule: 0 means "only if absent", else the modify index must match. */
	static boolean casMatches(@Nullable Kv existing, long cas) {
		return (cas == 0) ? existing == null : existing != null && existing.modifyIndex() == cas;
	}

	/** Write a value (a plain put, or a transaction's {@code set}). */
	Kv set(String key, byte[] value, long flags) {
		Kv existing = this.entries.get(key);
		long at = this.raft.next();
		Kv written = (existing != null) ? existing.modified(at, value, flags) : new Kv(at, at, 0, flags, value, null);
		this.entries.put(key, written);
		this.tombstones.remove(key);
		this.kvIndex = at;
		this.raft.changed();
		return written;
	}

	/** Acquire; {@code null} on success, else why not. */
	@Nullable String lock(String key, byte[] value, long flags, String session) {
		if (!this.sessions.exists(session)) {
			return "invalid session \"" + session + "\"";
		}
		Kv existing = this.entries.get(key);
		if (existing != null && existing.session() != null) {
			if (!existing.session().equals(session)) {
				return "failed to lock key \"" + key + "\", lock is already held";
			}
			write(key, existing.modified(this.raft.next(), value, flags));
			return null;
		}
		Long delay = this.lockDelays.get(key);
		if (delay != null && delay > System.currentTimeMillis()) {
			return "failed to lock key \"" + key + "\", lock delay in effect";
		}
		long at = this.raft.next();
		write(key,
				(existing != null) ? new Kv(existing.createIndex(), at, existing.lockIndex() + 1, flags, value, session)
						: new Kv(at, at, 1, flags, value, session));
		this.tombstones.remove(key);
		return null;
	}

	/** Release; {@code null} on success, else why not. */
	@Nullable String unlock(String key, byte[] value, long flags, String session) {
		Kv existing = this.entries.get(key);
		if (existing == null || existing.session() == null || !existing.session().equals(session)) {
			return "failed to unlock key \"" + key + "\", lock isn't held, or is held by another session";
		}
		long at = this.raft.next();
		write(key, new Kv(existing.createIndex(), at, existing.lockIndex(), flags, value, null));
		return null;
	}

	private void write(String key, Kv entry) {
		this.entries.put(key, entry);
		this.kvIndex = entry.modifyIndex();
		this.raft.changed();
	}

	/** {@code DELETE /v1/kv/:key}: a key or a prefix, with an optional CAS. */
	ApiResponse delete(ApiRequest r, String key) {
		if (r.param("cas") != null) {
			long cas = Long.parseUnsignedLong(r.param("cas"));
			Kv existing = this.entries.get(key);
			if (cas == 0 || existing == null || existing.modifyIndex() != cas) {
				return ApiResponse.bool(false);
			}
		}
		if (r.has("recurse")) {
			deleteTree(key);
		}
		else {
			remove(key);
		}
		this.raft.changed();
		return ApiResponse.bool(true);
	}

	/** Delete a key, leaving a tombstone; nothing when it is absent. */
	void remove(String key) {
		if (this.entries.remove(key) != null) {
			long at = this.raft.next();
			this.tombstones.put(key, at);
			this.kvIndex = at;
			this.raft.changed();
		}
	}

	void deleteTree(String prefix) {
		long at = 0;
		Iterator<Map.Entry<String, Kv>> it = this.entries.tailMap(prefix, true).entrySet().iterator();
		while (it.hasNext()) {
			Map.Entry<String, Kv> entry = it.next();
			if (!entry.getKey().startsWith(prefix)) {
				break;
			}
			if (at == 0) {
				at = this.raft.next();
			}
			this.tombstones.put(entry.getKey(), at);
			it.remove();
		}
		if (at > 0) {
			this.kvIndex = at;
		}
	}

	/**
	 * A session ended: its locks are released, or their keys deleted (behavior
	 * {@code delete}), and each key's lock-delay starts.
	 */
	void sessionEnded(String sessionId, boolean delete, long lockDelayMillis, long at) {
		long delayUntil = System.currentTimeMillis() + lockDelayMillis;
		List<String> held = new ArrayList<>();
		this.entries.forEach((key, value) -> {
			if (sessionId.equals(value.session())) {
				held.add(key);
			}
		});
		for (String key : held) {
			Kv value = this.entries.get(key);
			if (value == null) {
				continue;
			}
			if (delete) {
				this.entries.remove(key);
				this.tombstones.put(key, at);
			}
			else {
				this.entries.put(key,
						new Kv(value.createIndex(), at, value.lockIndex(), value.flags(), value.value(), null));
			}
			if (lockDelayMillis > 0) {
				this.lockDelays.put(key, delayUntil);
			}
			this.kvIndex = at;
		}
	}

	/** Replace every key by a snapshot's (indexes as they were), as a restore does. */
	void restoreFrom(Map<String, Kv> restored, long index) {
		this.entries.clear();
		this.tombstones.clear();
		this.entries.putAll(restored);
		this.kvIndex = index;
	}

	long modifyIndexOf(String key) {
		Kv entry = this.entries.get(key);
		return (entry != null) ? entry.modifyIndex() : 0;
	}

}
