package io.cairn.status.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.cairn.status.config.StatusProperties;

/**
 * Decides which URLs checks may fetch and which addresses they may connect to.
 * <p>
 * Megaphone fetched whatever a client registered, {@code file:} URLs and cloud metadata
 * included, and echoed the answer. Here a URL must be http or https without user-info;
 * its host is resolved once, every address it resolves to must pass, and the connection
 * goes to an address that passed (the HTTP client's DNS hook is this policy, so there is
 * no second lookup to rebind). Link-local, cloud metadata, multicast and unspecified
 * addresses are always refused; loopback and private networks are allowed unless switched
 * off; the deny list always wins and a non-empty allow list is the only thing allowed.
 */
public class TargetPolicy {

	private static final List<Cidr> ALWAYS_REFUSED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("169.254.0.0/16"),
			Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"), Cidr.parse("100.100.100.200"), Cidr.parse("::/128"),
			Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"), Cidr.parse("fd00:ec2::254"));

	private static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
			Cidr.parse("192.168.0.0/16"), Cidr.parse("100.64.0.0/10"), Cidr.parse("fc00::/7"));

	private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

	private final StatusProperties.Security properties;

	private final AddressResolver resolver;

	private final List<Rule> allow;

	private final List<Rule> deny;

	/**
	 * Create the policy.
	 * @param properties the configured lists and switches
	 * @param resolver how host names are resolved
	 */
	public TargetPolicy(StatusProperties.Security properties, AddressResolver resolver) {
		this.properties = properties;
		this.resolver = resolver;
		this.allow = rules("allow", properties.allow());
		this.deny = rules("deny", properties.deny());
	}

	/**
	 * Check a URL without resolving it: scheme, user-info, and the host when it is an IP
	 * literal or a listed name. Used when a check is added, so that an obviously
	 * forbidden target is refused with a 400 at once.
	 * @param url the URL as given
	 * @return the parsed URL
	 * @throws ForbiddenTargetException when the URL is not acceptable
	 */
	public URI checkUrl(String url) throws ForbiddenTargetException {
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new ForbiddenTargetException("'" + url + "' is not a valid URL");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new ForbiddenTargetException("only http and https URLs can be checked, not '" + url + "'");
		}
		if (uri.getRawUserInfo() != null) {
			throw new ForbiddenTargetException("URLs with user-info (user:password@) are refused");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new ForbiddenTargetException("'" + url + "' has no host");
		}
		if (uri.getPort() > 65535) {
			throw new ForbiddenTargetException("'" + url + "' has an invalid port");
		}
		String bare = bareHost(host);
		checkName(bare);
		if (Cidr.isIpLiteral(bare)) {
			try {
				checkAddress(bare, InetAddress.getByName(bare));
			}
			catch (ForbiddenTargetException ex) {
				throw ex;
			}
			catch (UnknownHostException ex) {
				throw new ForbiddenTargetException("'" + host + "' is not a valid address");
			}
		}
		return uri;
	}

	/**
	 * Resolve a host once and check every address it resolves to. The caller connects
	 * only to the addresses returned.
	 * @param host the host name or IP literal
	 * @return the checked addresses
	 * @throws UnknownHostException when it does not resolve
	 * @throws ForbiddenTargetException when the name or any address is refused
	 */
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String bare = bareHost(host);
		checkName(bare);
		InetAddress[] addresses = this.resolver.resolve(bare);
		if (addresses.length == 0) {
			throw new UnknownHostException(bare);
		}
		for (InetAddress address : addresses) {
			checkAddress(bare, address);
		}
		return Arrays.copyOf(addresses, addresses.length);
	}

	private void checkName(String host) throws ForbiddenTargetException {
		String name = host.toLowerCase(Locale.ROOT);
		for (Rule rule : this.deny) {
			if (rule.matchesName(name)) {
				throw new ForbiddenTargetException("'" + host + "' is denied (cairn.status.security.deny)");
			}
		}
	}

	void checkAddress(String host, InetAddress resolved) throws ForbiddenTargetException {
		byte[] address = canonical(resolved);
		String shown = host.equals(resolved.getHostAddress()) ? host : host + " (" + resolved.getHostAddress() + ")";
		for (Rule rule : this.deny) {
			if (rule.matchesAddress(address)) {
				throw new ForbiddenTargetException(shown + " is denied (cairn.status.security.deny)");
			}
		}
		for (Cidr refused : ALWAYS_REFUSED) {
			if (refused.contains(address)) {
				throw new ForbiddenTargetException(shown
						+ " is a link-local, metadata, multicast or unspecified address; checks may not reach it");
			}
		}
		if (!this.allow.isEmpty()) {
			String name = host.toLowerCase(Locale.ROOT);
			if (this.allow.stream().noneMatch((rule) -> rule.matchesAddress(address) || rule.matchesName(name))) {
				throw new ForbiddenTargetException(shown + " is not in cairn.status.security.allow");
			}
			return;
		}
		InetAddress plain = toAddress(address);
		if (plain.isLoopbackAddress() && !this.properties.allowLoopback()) {
			throw new ForbiddenTargetException(shown + " is a loopback address (cairn.status.security.allow-loopback)");
		}
		if (PRIVATE.stream().anyMatch((cidr) -> cidr.contains(address)) && !this.properties.allowPrivate()) {
			throw new ForbiddenTargetException(shown + " is a private address (cairn.status.security.allow-private)");
		}
	}

	/**
	 * IPv4 addresses embedded in IPv6 (mapped {@code ::ffff:a.b.c.d}, NAT64
	 * {@code 64:ff9b::a.b.c.d}) are judged as the IPv4 address they reach.
	 */
	private static byte[] canonical(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
			if (mapped || NAT64.contains(bytes)) {
				return Arrays.copyOfRange(bytes, 12, 16);
			}
		}
		return bytes;
	}

	private static InetAddress toAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String bareHost(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static List<Rule> rules(String name, List<String> entries) {
		List<Rule> rules = new ArrayList<>();
		for (String entry : entries) {
			String trimmed = entry.trim().toLowerCase(Locale.ROOT);
			if (trimmed.isEmpty()) {
				continue;
			}
			if (Cidr.isIpLiteral(trimmed.contains("/") ? trimmed.substring(0, trimmed.indexOf('/')) : trimmed)) {
				rules.add(new Rule(Cidr.parse(trimmed), null));
			}
			else if (trimmed.matches("(\\*\\.)?[a-z0-9.-]+")) {
				rules.add(new Rule(null, trimmed));
			}
			else {
				throw new IllegalArgumentException("cairn.status.security." + name + ": '" + entry
						+ "' is neither a CIDR range nor a host name or *.domain");
			}
		}
		return List.copyOf(rules);
	}

	private record Rule(@Nullable Cidr cidr, @Nullable String name) {

		boolean matchesAddress(byte[] address) {
			return this.cidr != null && this.cidr.contains(address);
		}

		boolean matchesName(String host) {
			if (this.name == null) {
				return false;
			}
			if (this.name.startsWith("*.")) {
				return host.endsWith(this.name.substring(1));
			}
			return host.equals(this.name);
		}

	}

}
