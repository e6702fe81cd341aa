package io.cairn.mesos.zk;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.common.PathUtils;
import org.jspecify.annotations.Nullable;

/**
 * A ZooKeeper group URL as Mesos masters take it in {@code --zk}
 * ({@code zk://[user:pass@]host1:port1,host2:port2/path}) and as Marathon takes it in its
 * own {@code --zk}.
 * <p>
 * Parsed the way Mesos parses it ({@code include/mesos/zookeeper/url.hpp}): everything
 * from the first {@code /} after the hosts is the path, credentials are the text before
 * the last {@code @} of the host part and are used as ZooKeeper {@code digest}
 * credentials. Unlike Mesos, a trailing {@code /} is dropped here and a bare {@code /}
 * path is rejected up front (Mesos rejects it when the detector is created), and the path
 * is never created: a path that does not exist means "no members yet".
 *
 * @param connectString the ZooKeeper connect string ({@code host1:port1,host2:port2}),
 * without credentials
 * @param path the group path, absolute, without a trailing {@code /}
 * @param credentials digest credentials, if the URL carried them
 */
public record ZkUrl(String connectString, String path, @Nullable DigestCredentials credentials) {

	private static final String ZK_SCHEME = "zk://";

	private static final String FILE_SCHEME = "file://";

	public ZkUrl {
		validatePath(path);
	}

	/**
	 * Parses a {@code zk://} URL, or a {@code file://} URL naming a file that holds one
	 * (Mesos' deprecated indirection: the file is read, trimmed and parsed again).
	 * @param value the URL
	 * @return the parsed URL
	 * @throws InvalidUrlException with a message saying what is wrong
	 */
	public static ZkUrl parse(String value) {
		String trimmed = value.trim();
		if (startsWithIgnoreCase(trimmed, FILE_SCHEME)) {
			String contents = readIndirection(trimmed);
			if (startsWithIgnoreCase(contents, FILE_SCHEME)) {
				throw new InvalidUrlException(
						"'" + trimmed + "' holds another file:// URL; only one level of " + "indirection is followed");
			}
			return parse(contents);
		}
		return parseZk(trimmed);
	}

	static ZkUrl parseZk(String value) {
		if (!startsWithIgnoreCase(value, ZK_SCHEME)) {
			throw new InvalidUrlException(
					"'" + redact(value) + "' is not a ZooKeeper URL: expected zk://host:port[,host:port...]/path");
		}
		String rest = value.substring(ZK_SCHEME.length());
		int slash = rest.indexOf('/');
		String authority = (slash < 0) ? rest : rest.substring(0, slash);
		String path = (slash < 0) ? "" : rest.substring(slash);
		DigestCredentials credentials = null;
		int at = authority.lastIndexOf('@');
		if (at >= 0) {
			credentials = parseCredentials(authority.substring(0, at), value);
			authority = authority.substring(at + 1);
		}
		String connectString = validateHosts(authority, value);
		String normalized = stripTrailingSlashes(path);
		if (normalized.isEmpty()) {
			throw new InvalidUrlException("'" + redact(value) + "' has no path: Mesos needs a (chroot) path such as "
					+ ZK_SCHEME + connectString + "/mesos ('/' is not supported)");
		}
		try {
			return new ZkUrl(connectString, normalized, credentials);
		}
		catch (InvalidUrlException ex) {
			throw new InvalidUrlException("'" + redact(value) + "': " + ex.getMessage());
		}
	}

	/**
	 * The URL of a child path, for layouts kept under a base path (Marathon's
	 * {@code <zk>/leader}).
	 * @param name the child's name
	 * @return this URL with {@code /name} appended to the path
	 */
	public ZkUrl child(String name) {
		return new ZkUrl(this.connectString, this.path + "/" + name, this.credentials);
	}

	@Override
	public String toString() {
		StringBuilder out = new StringBuilder(ZK_SCHEME);
		if (this.credentials != null) {
			out.append(this.credentials).append('@');
		}
		return out.append(this.connectString).append(this.path).toString();
	}

	static String readIndirection(String url) {
		Path file;
		try {
			file = Path.of(new URI(url));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new InvalidUrlException("'" + url + "' is not a usable file:// URL (expected file:///absolute/path)",
					ex);
		}
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new InvalidUrlException("cannot read " + file + " named by '" + url + "': " + ex.getMessage(), ex);
		}
	}

	private static DigestCredentials parseCredentials(String userInfo, String url) {
		int colon = userInfo.indexOf(':');
		if (colon <= 0) {
			throw new InvalidUrlException("'" + redact(url) + "' has credentials without a user name and password: "
					+ "expected zk://user:password@host:port/path");
		}
		return new DigestCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
	}

	private static String validateHosts(String authority, String url) {
		if (authority.isEmpty()) {
			throw new InvalidUrlException("'" + redact(url) + "' names no ZooKeeper host");
		}
		List<String> hosts = new ArrayList<>();
		for (String host : authority.split(",", -1)) {
			hosts.add(HostPort.parse(host, 2181, "'" + redact(url) + "'").toString());
		}
		return String.join(",", hosts);
	}

	private static void validatePath(String path) {
		if (path.isEmpty() || "/".equals(path)) {
			throw new InvalidUrlException("the path must not be empty or '/'");
		}
		if (path.endsWith("/")) {
			throw new InvalidUrlException("the path must not end with '/'");
		}
		try {
			PathUtils.validatePath(path);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidUrlException("bad path '" + path + "': " + ex.getMessage(), ex);
		}
	}

	private static String stripTrailingSlashes(String path) {
		String result = path;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	static boolean startsWithIgnoreCase(String value, String prefix) {
		return value.regionMatches(true, 0, prefix, 0, prefix.length());
	}

	/** The URL without its password, for messages. */
	static String redact(String url) {
		int scheme = url.indexOf("://");
		int at = url.lastIndexOf('@');
		if (scheme < 0 || at < scheme) {
			return url;
		}
		String userInfo = url.substring(scheme + 3, at);
		int colon = userInfo.indexOf(':');
		String user = (colon < 0) ? userInfo : userInfo.substring(0, colon);
		return url.substring(0, scheme + 3) + user + ":******" + url.substring(at);
	}

}
