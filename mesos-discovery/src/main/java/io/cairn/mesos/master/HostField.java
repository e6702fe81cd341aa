package io.cairn.mesos.master;

/**
 * Which host field a master's URL is built from. Both accessors fall back the same way
 * for every master, so all URLs use one field consistently (zk-mesos mixed them).
 */
public enum HostField {

	/**
	 * The IP address: {@code address.ip}, else the PID's address, else the legacy
	 * {@code ip} integer decoded. Works where host names do not resolve.
	 */
	IP,

	/**
	 * The host name: {@code address.hostname}, else {@code hostname}, else the IP
	 * address.
	 */
	HOSTNAME

}
