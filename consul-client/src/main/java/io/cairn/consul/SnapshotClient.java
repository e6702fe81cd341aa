package io.cairn.consul;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;

/**
 * Snapshots of the servers' state ({@code /v1/snapshot}), streamed: a save writes the
 * archive to an output stream, a restore reads it from an input stream.
 */
public final class SnapshotClient {

	private final Transport transport;

	private final Duration timeout;

	SnapshotClient(Transport transport, Duration timeout) {
		this.transport = transport;
		this.timeout = timeout;
	}

	/**
	 * Save a snapshot.
	 * @param target where to write the archive (not closed)
	 * @param options per-request options (datacenter, {@code stale} to save from any
	 * server)
	 * @return the metadata; its index is the snapshot's Raft index
	 */
	public ResponseMeta save(OutputStream target, QueryOptions options) {
		Request request = Request.get("/v1/snapshot", "snapshot")
			.notFoundIsEmpty(false)
			.options(options)
			.timeout(this.timeout);
		return this.transport.executeStream(request, (body, meta) -> {
			body.transferTo(target);
			return meta;
		});
	}

	/**
	 * Restore a snapshot. Indexes may go backwards afterwards; watches reset as the
	 * blocking rules say.
	 * @param archive the archive (read fully, not closed)
	 * @param options per-request options (datacenter, token)
	 */
	public void restore(InputStream archive, QueryOptions options) {
		byte[] bytes;
		try {
			bytes = archive.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("Could not read the snapshot to restore", ex);
		}
		this.transport.execute(Request.put("/v1/snapshot", "snapshot")
			.body(bytes, "application/octet-stream")
			.options(options)
			.timeout(this.timeout), Decoders.ignore());
	}

}
