package io.cairn.mesos.http;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * A master answered {@code 307} with a target this client will not send its request to.
 * Neither the credentials nor the body went there.
 */
public class RedirectRefusedException extends MesosApiException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	/**
	 * Creates the exception.
	 * @param message what was refused and why (origins only, never a whole URL)
	 * @param master the master that redirected
	 * @param reason why the redirect was refused
	 */
	public RedirectRefusedException(String message, @Nullable URI master, Reason reason) {
		super(message, 307, master);
		this.reason = reason;
	}

	/**
	 * Why the redirect was refused.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a redirect is not followed.
	 */
	public enum Reason {

		/**
		 * An {@code https} master redirected to plain {@code http}: refused at once,
		 * never retried.
		 */
		DOWNGRADE,

		/**
		 * The target is neither the redirecting master's origin nor a master the
		 * {@link MasterResolver} knows: retried within the retry budget (the client may
		 * be one step behind an election), then refused.
		 */
		UNKNOWN_MASTER

	}

}
