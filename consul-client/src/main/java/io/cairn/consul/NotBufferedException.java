package io.cairn.consul;

import java.io.IOException;

/**
 * Thrown while skipping an unread body when the rest is not buffered yet: skipping never
 * blocks, the connection is closed instead.
 */
final class NotBufferedException extends IOException {

	static final NotBufferedException INSTANCE = new NotBufferedException();

	private NotBufferedException() {
		super("the rest of the body is not buffered", null);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
