package io.cairn.mesos.zk;

import java.nio.charset.StandardCharsets;

/**
 * ZooKeeper {@code digest} credentials taken from the {@code user:pass@} part of a
 * {@code zk://} URL, as Mesos uses them.
 *
 * @param user the user name
 * @param password the password
 */
public record DigestCredentials(String user, String password) {

	/** The ZooKeeper auth scheme these credentials are for. */
	public static final String SCHEME = "digest";

	/**
	 * The bytes ZooKeeper's {@code addAuthInfo("digest", ...)} expects.
	 * @return {@code user:password} in UTF-8
	 */
	public byte[] authBytes() {
		return (this.user + ":" + this.password).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.user + ":******";
	}

}
