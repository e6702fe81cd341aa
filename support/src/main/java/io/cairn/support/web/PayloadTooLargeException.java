package io.cairn.support.web;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * A request body exceeded {@code cairn.http.max-request-size}. It extends
 * {@link IOException} because it is raised while the body stream is being read.
 */
public class PayloadTooLargeException extends IOException {

	private final long limit;

	/**
	 * Create the exception.
	 * @param limit the limit in bytes
	 */
	public PayloadTooLargeException(long limit) {
		super("The request body exceeds the limit of " + limit + " bytes (cairn.http.max-request-size).");
		this.limit = limit;
	}

	/**
	 * The limit that was exceeded.
	 * @return the limit in bytes
	 */
	public long limit() {
		return this.limit;
	}

	/**
	 * Find this exception in a cause chain.
	 * @param ex the exception to search
	 * @return the payload exception, or null
	 */
	public static @Nullable PayloadTooLargeException findIn(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PayloadTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
