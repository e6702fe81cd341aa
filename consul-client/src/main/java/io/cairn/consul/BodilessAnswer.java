package io.cairn.consul;

import java.io.IOException;
import java.time.Duration;

/**
 * An answer without a body: to a HEAD request, or a 204 or 304 (whatever length it
 * announces). Its connection is free as soon as the head is read.
 */
final class BodilessAnswer extends SocketAnswer {

	BodilessAnswer(SocketConnection connection, AnswerHead head, boolean reusable, Duration timeout, long deadline) {
		super(connection, head, reusable, timeout, deadline);
	}

	@Override
	void start() throws IOException {
		complete();
	}

	@Override
	int readBody(byte[] b, int off, int len, boolean mayBlock) {
		return -1;
	}

}
