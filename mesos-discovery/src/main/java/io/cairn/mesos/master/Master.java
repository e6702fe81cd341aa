package io.cairn.mesos.master;

import java.net.URI;

/**
 * A master in the ZooKeeper group: the znode it holds and what it says about itself.
 *
 * @param znode the child's name, such as {@code json.info_0000000004}
 * @param sequence the sequence number the leader is chosen by (the lowest leads)
 * @param format the znode generation the data was read in
 * @param info the master's info
 */
public record Master(String znode, int sequence, MasterFormat format, MasterInfo info) {

	/**
	 * The master's HTTP base URL.
	 * @param field which host field to use
	 * @return {@code http://host:port}
	 */
	public URI url(HostField field) {
		return this.info.url(field);
	}

	@Override
	public String toString() {
		return this.znode + " " + this.info.hostName() + ":" + this.info.httpPort();
	}

}
