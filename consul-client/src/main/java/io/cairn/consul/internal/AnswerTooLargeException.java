package io.cairn.consul.internal;

import java.io.IOException;

/**
 * An answer body longer than the client reads into memory, announced or sent.
 */
final class AnswerTooLargeException extends IOException {

	private final long limit;

	AnswerTooLargeException(long limit) {
		super("answer larger than " + limit + " bytes");
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

}
