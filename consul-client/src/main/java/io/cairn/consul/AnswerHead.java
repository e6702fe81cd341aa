package io.cairn.consul;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The parsed head of an answer on a socket connection: the status, and the head's bytes
 * with the offsets of each field (name start, name end, value start, value end). Headers
 * are case-insensitive and repeated ones are kept; a value becomes a String only when
 * asked for.
 */
final class AnswerHead {

	/** Where the reason phrase starts: after {@code HTTP/1.1 200 }. */
	private static final int REASON = 13;

	final int status;

	private final byte[] head;

	private final int statusLineEnd;

	private final int[] fields;

	private final int count;

	AnswerHead(int status, byte[] head, int statusLineEnd, int[] fields, int count) {
		this.status = status;
		this.head = head;
		this.statusLineEnd = statusLineEnd;
		this.fields = fields;
		this.count = count;
	}

	String statusText() {
		return (this.statusLineEnd > REASON) ? text(REASON, this.statusLineEnd) : "";
	}

	/** The first value of a header, {@code null} without one. */
	@Nullable String get(String name) {
		byte[] b = this.head;
		int[] f = this.fields;
		for (int i = 0; i < this.count; i++) {
			int at = i * 4;
			if (AsciiBytes.equalsIgnoreCase(b, f[at], f[at + 1], name)) {
				return text(f[at + 2], f[at + 3]);
			}
		}
		return null;
	}

	/** Every header, in the answer's order. */
	HttpHeaders toHttpHeaders() {
		HttpHeaders all = new HttpHeaders();
		int[] f = this.fields;
		for (int i = 0; i < this.count; i++) {
			int at = i * 4;
			all.add(text(f[at], f[at + 1]), text(f[at + 2], f[at + 3]));
		}
		return all;
	}

	private String text(int start, int end) {
		return new String(this.head, start, end - start, StandardCharsets.ISO_8859_1);
	}

}
