package io.cairn.status.security;

import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * A check target the policy refuses. It is an {@link UnknownHostException} because the
 * HTTP client's DNS hook may only throw that: to the client a refused address is one that
 * does not resolve, so no connection is ever attempted.
 */
public class ForbiddenTargetException extends UnknownHostException {

	/**
	 * Create the exception.
	 * @param reason why the target is refused, for the check's message and API errors
	 */
	public ForbiddenTargetException(String reason) {
		super(reason);
	}

	/**
	 * Find a refusal in a cause chain.
	 * @param ex the failure
	 * @return the refusal, or null
	 */
	public static @Nullable ForbiddenTargetException findIn(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ForbiddenTargetException forbidden) {
				return forbidden;
			}
		}
		return null;
	}

}
