package io.cairn.mesos.master;

import io.cairn.mesos.zk.HostPort;
import io.cairn.mesos.zk.InvalidUrlException;
import org.jspecify.annotations.Nullable;

/**
 * libprocess PIDs ({@code master@10.0.0.1:5050}), as found in {@code MasterInfo.pid} and
 * in the data of Mesos 0.16 master znodes.
 */
final class Upid {

	private Upid() {
	}

	static @Nullable HostPort address(String pid) {
		int at = pid.indexOf('@');
		if (at <= 0) {
			return null;
		}
		try {
			return HostPort.parse(pid.substring(at + 1).trim(), null, "pid");
		}
		catch (InvalidUrlException ex) {
			return null;
		}
	}

}
