package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * 403 Forbidden: the ACL token is missing, unknown or lacks a permission.
 */
public class ConsulAclException extends ConsulException {

	/**
	 * Create an exception.
	 * @param status the HTTP status
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulAclException(int status, byte[] body, @Nullable String endpoint) {
		super(describe(endpoint, status, body), status, body, endpoint, null);
	}

}
