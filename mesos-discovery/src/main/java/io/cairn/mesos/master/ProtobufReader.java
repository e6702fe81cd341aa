package io.cairn.mesos.master;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to read a MasterInfo: varints, length-delimited
 * fields and skipping whatever else a newer master adds. Strict: reading past the end, a
 * malformed varint, a reserved wire type or text that is not UTF-8 is an error, so
 * truncated or garbage znodes are refused rather than half-read.
 */
final class ProtobufReader {

	static final int VARINT = 0;

	static final int FIXED64 = 1;

	static final int LENGTH_DELIMITED = 2;

	static final int FIXED32 = 5;

	private final byte[] buffer;

	private int position;

	private final int limit;

	ProtobufReader(byte[] buffer) {
		this(buffer, 0, buffer.length);
	}

	private ProtobufReader(byte[] buffer, int offset, int limit) {
		this.buffer = buffer;
		this.position = offset;
		this.limit = limit;
	}

	boolean atEnd() {
		return this.position >= this.limit;
	}

	/** Reads a tag; returns field number << 3 | wire type. */
	int readTag() {
		long tag = readVarint();
		if (tag == 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
			throw new MalformedProtobufException("invalid tag " + tag + " at byte " + this.position);
		}
		return (int) tag;
	}

	long readVarint() {
		long result = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (this.position >= this.limit) {
				throw new MalformedProtobufException("truncated varint");
			}
			byte b = this.buffer[this.position++];
			result |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return result;
			}
		}
		throw new MalformedProtobufException("varint longer than 10 bytes");
	}

	String readString() {
		int length = readLength();
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.buffer, this.position, length))
				.toString();
			this.position += length;
			return text;
		}
		catch (CharacterCodingException ex) {
			throw new MalformedProtobufException("string field is not UTF-8");
		}
	}

	ProtobufReader readMessage() {
		int length = readLength();
		ProtobufReader nested = new ProtobufReader(this.buffer, this.position, this.position + length);
		this.position += length;
		return nested;
	}

	void skip(int tag) {
		switch (tag & 7) {
			case VARINT -> readVarint();
			case FIXED64 -> advance(8);
			case LENGTH_DELIMITED -> advance(readLength());
			case FIXED32 -> advance(4);
			default -> throw new MalformedProtobufException("unsupported wire type " + (tag & 7));
		}
	}

	static void expect(int tag, int wireType) {
		if ((tag & 7) != wireType) {
			throw new MalformedProtobufException(
					"field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected " + wireType);
		}
	}

	private int readLength() {
		long length = readVarint();
		if (length < 0 || length > this.limit - this.position) {
			throw new MalformedProtobufException("length " + length + " runs past the end of the data");
		}
		return (int) length;
	}

	private void advance(int count) {
		if (count > this.limit - this.position) {
			throw new MalformedProtobufException("field runs past the end of the data");
		}
		this.position += count;
	}

	static final class MalformedProtobufException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MalformedProtobufException(String message) {
			super(message);
		}

	}

}
