package io.cairn.testkit.mesos;

/**
 * The three ways Mesos masters have joined their ZooKeeper group.
 */
public enum MasterGeneration {

	/** Mesos 0.24 and later: {@code json.info_<seq>} holding JSON. */
	JSON("json.info_"),

	/** Mesos 0.17 to 0.23: {@code info_<seq>} holding a binary MasterInfo. */
	PROTOBUF("info_"),

	/** Mesos 0.16 and earlier: a bare {@code <seq>} holding the PID. */
	PID("");

	private final String prefix;

	MasterGeneration(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * The name prefix the master creates its sequential znode with.
	 * @return the prefix (empty for the bare generation)
	 */
	public String prefix() {
		return this.prefix;
	}

}
