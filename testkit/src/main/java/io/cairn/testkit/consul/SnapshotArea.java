package io.cairn.testkit.consul;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/snapshot}: save the KV store with the Raft index as a gzip archive (JSON
 * inside, not Consul's format), and restore one, indexes going back to the snapshot's.
 */
final class SnapshotArea {

	private final RaftLog raft;

	private final KvArea kv;

	SnapshotArea(RaftLog raft, KvArea kv) {
		this.raft = raft;
		this.kv = kv;
	}

	/** {@code GET /v1/snapshot}. */
	ApiResponse save() {
		ObjectNode snapshot = JSON.createObjectNode();
		snapshot.put("Index", this.raft.index());
		ArrayNode entries = snapshot.putArray("KV");
		this.kv.all().forEach((key, entry) -> entries.add(this.kv.json(key, entry, true)));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(JSON.writeValueAsBytes(snapshot));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ApiResponse.raw(200, bytes.toByteArray(), "application/x-gzip").withIndex(this.raft.index());
	}

	/** {@code PUT /v1/snapshot}. */
	ApiResponse restore(ApiRequest r) {
		JsonNode snapshot;
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(r.body))) {
			snapshot = JSON.readTree(gzip.readAllBytes());
		}
		catch (IOException | RuntimeException ex) {
			return ApiResponse.text(500, "failed to read snapshot: " + ex.getMessage());
		}
		long restored = snapshot.path("Index").asLong(1);
		Map<String, KvArea.Kv> entries = new TreeMap<>();
		for (JsonNode entry : snapshot.path("KV")) {
			byte[] value = entry.hasNonNull("Value") ? Base64.getDecoder().decode(entry.get("Value").asString()) : null;
			entries.put(entry.get("Key").asString(),
					new KvArea.Kv(entry.path("CreateIndex").asLong(), entry.path("ModifyIndex").asLong(),
							entry.path("LockIndex").asLong(), entry.path("Flags").asLong(), value, null));
		}
		// As after a real restore, indexes go back to the snapshot's.
		this.kv.restoreFrom(entries, restored);
		this.raft.restore(restored);
		this.raft.changed();
		return ApiResponse.ok();
	}

}
