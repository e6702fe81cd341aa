package io.cairn.mesos.master;

import org.jspecify.annotations.Nullable;

/**
 * The three generations of master znodes, told apart by the child's label (the text
 * before the last {@code _}), never by a version flag.
 */
public enum MasterFormat {

	/** {@code json.info_<seq>}: JSON MasterInfo, Mesos 0.24 and later. */
	JSON("json.info"),

	/** {@code info_<seq>}: binary MasterInfo protobuf, Mesos 0.17 to 0.23. */
	PROTOBUF("info"),

	/**
	 * {@code <seq>} with no label: the master's PID ({@code master@ip:port}), Mesos 0.16
	 * and earlier.
	 */
	PID(null);

	private final @Nullable String label;

	MasterFormat(@Nullable String label) {
		this.label = label;
	}

	/**
	 * The znode label, or {@code null} for the unlabelled generation.
	 * @return the label
	 */
	public @Nullable String label() {
		return this.label;
	}

	/**
	 * The format for a label, matched exactly (so {@code infox} is not {@code info}).
	 * @param label the label, or {@code null} when the name is a bare sequence number
	 * @return the format, or {@code null} for a label that is not a master's
	 */
	public static @Nullable MasterFormat forLabel(@Nullable String label) {
		for (MasterFormat format : values()) {
			if ((label == null) ? format.label == null : label.equals(format.label)) {
				return format;
			}
		}
		return null;
	}

}
