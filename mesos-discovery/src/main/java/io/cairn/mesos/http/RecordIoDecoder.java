package io.cairn.mesos.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits a Mesos RecordIO stream ({@code <decimal length>\n<length bytes>}, repeated)
 * into records, whatever the chunk boundaries.
 */
public final class RecordIoDecoder {

	/** Larger records are refused as a broken stream. */
	public static final long MAX_RECORD = 256L * 1024 * 1024;

	private final Consumer<byte[]> records;

	private long length = -1;

	private int digits;

	private byte[] record = new byte[0];

	private int filled;

	/**
	 * A decoder handing each complete record to a consumer.
	 * @param records called with each record's bytes, in order
	 */
	public RecordIoDecoder(Consumer<byte[]> records) {
		this.records = records;
	}

	/**
	 * Feeds the next bytes of the stream.
	 * @param buffer the bytes
	 * @throws IllegalStateException if the stream is not RecordIO
	 */
	public void feed(ByteBuffer buffer) {
		while (buffer.hasRemaining()) {
			if (this.length < 0) {
				byte b = buffer.get();
				if (b == '\n') {
					if (this.digits == 0) {
						throw new IllegalStateException("empty RecordIO length");
					}
					startRecord();
				}
				else if (b >= '0' && b <= '9') {
					this.pendingLength = this.pendingLength * 10 + (b - '0');
					this.digits++;
					if (this.pendingLength > MAX_RECORD) {
						throw new IllegalStateException("RecordIO record longer than " + MAX_RECORD + " bytes");
					}
				}
				else {
					throw new IllegalStateException("unexpected byte " + (b & 0xff) + " in a RecordIO length");
				}
			}
			else {
				int count = Math.min(buffer.remaining(), this.record.length - this.filled);
				buffer.get(this.record, this.filled, count);
				this.filled += count;
				if (this.filled == this.record.length) {
					byte[] done = this.record;
					this.length = -1;
					this.record = new byte[0];
					this.records.accept(done);
				}
			}
		}
	}

	private long pendingLength;

	private void startRecord() {
		this.length = this.pendingLength;
		this.pendingLength = 0;
		this.digits = 0;
		this.record = new byte[(int) this.length];
		this.filled = 0;
		if (this.length == 0) {
			this.length = -1;
			this.records.accept(this.record);
		}
	}

	/**
	 * Encodes one record, for simulators and tests.
	 * @param data the record
	 * @return the framed bytes
	 */
	public static byte[] encode(byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes((data.length + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		out.writeBytes(data);
		return out.toByteArray();
	}

}
