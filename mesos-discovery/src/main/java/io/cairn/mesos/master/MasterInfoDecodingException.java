package io.cairn.mesos.master;

/**
 * A master znode whose data cannot be read as a MasterInfo (garbage, truncated, or
 * missing what a master must give).
 */
public class MasterInfoDecodingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MasterInfoDecodingException(String message) {
		super(message);
	}

	public MasterInfoDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
