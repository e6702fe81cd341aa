package io.cairn.mesos.zk;

import java.net.URI;
import java.util.Locale;

/**
 * Where to find the Mesos master, in every form a {@code --master} value takes, so one
 * setting serves with and without ZooKeeper:
 * <ul>
 * <li>{@code zk://[user:pass@]host:port[,host:port]/path}: follow the leader through
 * ZooKeeper;</li>
 * <li>{@code file:///path}: read the file and parse its contents as any of these
 * forms;</li>
 * <li>{@code host:port}, {@code master@ip:port} (a libprocess PID) or
 * {@code http[s]://host:port}: one master, used directly.</li>
 * </ul>
 */
public sealed interface MasterLocation permits MasterLocation.ZooKeeper, MasterLocation.Direct {

	/**
	 * Parses a {@code --master} (or {@code --zk}) value.
	 * @param value the value
	 * @return where the master is
	 * @throws InvalidUrlException with a message saying what is wrong
	 */
	static MasterLocation parse(String value) {
		String trimmed = value.trim();
		if (trimmed.isEmpty()) {
			throw new InvalidUrlException("the master location is empty: expected zk://host:port/path, host:port, "
					+ "master@ip:port or file:///path");
		}
		if (ZkUrl.startsWithIgnoreCase(trimmed, "file://")) {
			String contents = ZkUrl.readIndirection(trimmed);
			if (ZkUrl.startsWithIgnoreCase(contents, "file://")) {
				throw new InvalidUrlException(
						"'" + trimmed + "' holds another file:// URL; only one level of " + "indirection is followed");
			}
			return parse(contents);
		}
		if (ZkUrl.startsWithIgnoreCase(trimmed, "zk://")) {
			return new ZooKeeper(ZkUrl.parseZk(trimmed));
		}
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http://") || lower.startsWith("https://")) {
			String scheme = lower.substring(0, lower.indexOf(':'));
			String authority = trimmed.substring(scheme.length() + 3);
			if (authority.endsWith("/")) {
				authority = authority.substring(0, authority.length() - 1);
			}
			if (authority.contains("/") || authority.contains("@")) {
				throw new InvalidUrlException("'" + trimmed + "': give the master as " + scheme
						+ "://host:port, without a path or credentials");
			}
			return new Direct(scheme, HostPort.parse(authority, 5050, "'" + trimmed + "'"));
		}
		if (trimmed.contains("://")) {
			throw new InvalidUrlException("'" + ZkUrl.redact(trimmed) + "' has an unknown scheme: expected zk://, "
					+ "file://, http:// or https://, or host:port");
		}
		String address = trimmed;
		int at = trimmed.indexOf('@');
		if (at >= 0) {
			String id = trimmed.substring(0, at);
			if (id.isEmpty() || !id.matches("[A-Za-z0-9_.()-]+")) {
				throw new InvalidUrlException("'" + trimmed + "' is not a master PID (expected master@ip:port)");
			}
			address = trimmed.substring(at + 1);
		}
		return new Direct("http", HostPort.parse(address, null, "'" + trimmed + "'"));
	}

	/**
	 * Follow the leading master through a ZooKeeper group.
	 *
	 * @param url the group
	 */
	record ZooKeeper(ZkUrl url) implements MasterLocation {

		@Override
		public String toString() {
			return this.url.toString();
		}

	}

	/**
	 * One master, addressed directly (no leader detection: a non-leading master redirects
	 * API calls to the leader).
	 *
	 * @param scheme {@code http} or {@code https}
	 * @param address the master's host and port
	 */
	record Direct(String scheme, HostPort address) implements MasterLocation {

		/**
		 * The master's base URL.
		 * @return {@code scheme://host:port}
		 */
		public URI url() {
			return URI.create(this.scheme + "://" + this.address);
		}

		@Override
		public String toString() {
			return url().toString();
		}

	}

}
