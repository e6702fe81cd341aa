package io.cairn.mesos.http;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * A Mesos master answered a call with an error status, or could not be reached within the
 * retry budget.
 */
public class MesosApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final @Nullable URI master;

	public MesosApiException(String message, int status, @Nullable URI master) {
		super(message);
		this.status = status;
		this.master = master;
	}

	public MesosApiException(String message, int status, @Nullable URI master, @Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.master = master;
	}

	/**
	 * The HTTP status, or 0 if no master answered.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The master that answered last, if any.
	 * @return its base URL
	 */
	public @Nullable URI master() {
		return this.master;
	}

}
