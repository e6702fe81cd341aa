package io.cairn.registry.domain;

/**
 * Where an instance listens. As in servreg, an endpoint belongs to one service at a time.
 *
 * @param host a host name or an IP literal (IPv6 without brackets)
 * @param port the TCP port, 1 to 65535
 */
public record Endpoint(String host, int port) {

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
