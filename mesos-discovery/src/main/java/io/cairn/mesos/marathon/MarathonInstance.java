package io.cairn.mesos.marathon;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cairn.mesos.zk.HostPort;
import io.cairn.mesos.zk.InvalidUrlException;

/**
 * A Marathon instance as it names itself in ZooKeeper and in {@code GET /v2/leader}: its
 * {@code host:port}.
 *
 * @param host the host name or IP address
 * @param port the HTTP port
 */
public record MarathonInstance(String host, int port) {

	/**
	 * Parses Marathon's {@code host:port}.
	 * @param hostPort the text
	 * @return the instance
	 * @throws InvalidUrlException if the text is not {@code host:port}
	 */
	public static MarathonInstance parse(String hostPort) {
		HostPort parsed = HostPort.parse(hostPort.trim(), null, "Marathon instance");
		return new MarathonInstance(parsed.host(), parsed.port());
	}

	/**
	 * The instance's {@code host:port}, as Marathon writes it.
	 * @return {@code host:port}
	 */
	@JsonIgnore
	public String hostPort() {
		return new HostPort(this.host, this.port).toString();
	}

	/**
	 * The instance's base URL.
	 * @return {@code http://host:port}
	 */
	public URI url() {
		return url("http");
	}

	/**
	 * The instance's base URL with a scheme.
	 * @param scheme {@code http} or {@code https}
	 * @return {@code scheme://host:port}
	 */
	public URI url(String scheme) {
		return URI.create(scheme + "://" + hostPort());
	}

	@Override
	public String toString() {
		return hostPort();
	}

}
