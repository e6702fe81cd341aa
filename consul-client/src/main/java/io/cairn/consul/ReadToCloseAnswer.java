package io.cairn.consul;

import java.io.IOException;
import java.time.Duration;

/**
 * An answer with neither a length nor chunking (or with a transfer coding other than
 * chunked): its body ends when the agent closes the connection, which is therefore never
 * reused.
 */
final class ReadToCloseAnswer extends SocketAnswer {

	ReadToCloseAnswer(SocketConnection connection, AnswerHead head, Duration timeout, long deadline) {
		super(connection, head, false, timeout, deadline);
	}

	@Override
	int readBody(byte[] b, int off, int len, boolean mayBlock) throws IOException {
		int n = readConnection(b, off, len, mayBlock);
		if (n < 0) {
			complete();
		}
		return n;
	}

}
