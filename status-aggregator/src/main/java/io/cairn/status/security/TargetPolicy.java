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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.cairn.status.config.StatusProperties;
import io.cairn.support.security.Redaction;

/**
 * Decides which URLs checks may fetch and which addresses they may connect to.
 * <p>
 * Megaphone fetched whatever a client registered, {@code file:} URLs and cloud metadata
 * included, and echoed the answer. Here a URL must be http or https without user-info;
 * its host is resolved once, every address it resolves to must pass, and the connection
 * goes to an address that passed (the HTTP client's DNS hook is this policy, so there is
 * no second lookup to rebind). Link-local, cloud metadata, multicast, reserved and
 * unspecified addresses are always refused; loopback (off by default) and private
 * networks are switches; the deny list always wins and a non-empty allow list is the only
 * thing allowed.
 * <p>
 * Names are compared without case and without trailing dots ({@code vault.internal.} is
 * {@code vault.internal}). A denied name also denies the addresses it resolves to, so
 * another name for the same host, or its address, is refused too. An allowed name only
 * admits a target: the loopback and private switches still apply to the addresses it
 * resolves to, unless an allowed CIDR covers them. IPv6 forms that carry an IPv4 address
 * (mapped, translated, compatible, NAT64, 6to4) are judged as that IPv4 address; Teredo
 * and local-use NAT64 prefixes, whose IPv4 address cannot be known, are refused.
 */
public class TargetPolicy {

	private static final List<Cidr> ALWAYS_REFUSED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("169.254.0.0/16"),
			Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"), Cidr.parse("100.100.100.200"), Cidr.parse("::/128"),
			Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"), Cidr.parse("fd00:ec2::254"), Cidr.parse("2001::/32"),
			Cidr.parse("64:ff9b:1::/48"));

	private static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
			Cidr.parse("192.168.0.0/16"), Cidr.parse("100.64.0.0/10"), Cidr.parse("fc00::/7"), Cidr.parse("fec0::/10"));

	private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

	private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

	/** How long the addresses of a denied name are remembered. */
	private static final long DENIED_NAME_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final StatusProperties.Security properties;

	private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

	private final AddressResolver resolver;

	private final List<Rule> allow;

	private final List<Rule> deny;

	private final Map<String, Resolved> deniedNames = new ConcurrentHashMap<>();

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
		return checkUrl(url, HTTP_SCHEMES);
	}

	/**
	 * Check a URL of one of a set of schemes (TCP and TLS checks use {@code tcp://} and
	 * {@code tls://}), with the same rules as {@link #checkUrl(String)}.
	 * @param url the URL as given
	 * @param schemes the schemes accepted, in lower case
	 * @return the parsed URL
	 * @throws ForbiddenTargetException when the URL is not acceptable
	 */
	public URI checkUrl(String url, Set<String> schemes) throws ForbiddenTargetException {
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new ForbiddenTargetException("'" + Redaction.url(url) + "' is not a valid URL");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
			throw new ForbiddenTargetException((schemes == HTTP_SCHEMES)
					? "only http and https URLs can be checked, not '" + Redaction.url(url) + "'"
					: "'" + Redaction.url(url) + "' is not a " + String.join(" or ", new java.util.TreeSet<>(schemes))
							+ " URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new ForbiddenTargetException("URLs with user-info (user:password@) are refused");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new ForbiddenTargetException("'" + Redaction.url(url) + "' has no host");
		}
		if (uri.getPort() > 65535) {
			throw new ForbiddenTargetException("'" + Redaction.url(url) + "' has an invalid port");
		}
		String bare = bareHost(host);
		checkName(bare);
		if (Cidr.isIpLiteral(bare)) {
			try {
				checkAddress(bare, InetAddress.getByName(bare), deniedAddresses());
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
		List<byte[]> denied = deniedAddresses();
		for (InetAddress address : addresses) {
			checkAddress(bare, address, denied);
		}
		return Arrays.copyOf(addresses, addresses.length);
	}

	private void checkName(String host) throws ForbiddenTargetException {
		String name = normalise(host);
		for (Rule rule : this.deny) {
			if (rule.matchesName(name)) {
				throw new ForbiddenTargetException("'" + host + "' is denied (cairn.status.security.deny)");
			}
		}
	}

	void checkAddress(String host, InetAddress resolved, List<byte[]> deniedByName) throws ForbiddenTargetException {
		byte[] address = canonical(resolved);
		String shown = host.equals(resolved.getHostAddress()) ? host : host + " (" + resolved.getHostAddress() + ")";
		for (Rule rule : this.deny) {
			if (rule.matchesAddress(address)) {
				throw new ForbiddenTargetException(shown + " is denied (cairn.status.security.deny)");
			}
		}
		for (byte[] denied : deniedByName) {
			if (Arrays.equals(denied, address)) {
				throw new ForbiddenTargetException(
						shown + " is the address of a denied name (cairn.status.security.deny)");
			}
		}
		for (Cidr refused : ALWAYS_REFUSED) {
			if (refused.contains(address)) {
				throw new ForbiddenTargetException(shown + " is a link-local, metadata, multicast or "
						+ "unspecified address; checks may not reach it");
			}
		}
		boolean allowedRange = this.allow.stream().anyMatch((rule) -> rule.matchesAddress(address));
		if (!this.allow.isEmpty() && !allowedRange) {
			String name = normalise(host);
			if (this.allow.stream().noneMatch((rule) -> rule.matchesName(name))) {
				throw new ForbiddenTargetException(shown + " is not in cairn.status.security.allow");
			}
		}
		if (allowedRange) {
			// An operator who lists the range has decided about these addresses.
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
	 * The addresses the denied names resolve to, looked up at most once a minute per name
	 * (through the same bounded resolver as the checks); a name that does not resolve
	 * denies no address.
	 */
	private List<byte[]> deniedAddresses() {
		List<byte[]> addresses = new ArrayList<>();
		long now = System.nanoTime();
		for (Rule rule : this.deny) {
			if (rule.name() == null || rule.name().startsWith("*.")) {
				continue;
			}
			Resolved known = this.deniedNames.get(rule.name());
			if (known == null || now - known.at() > DENIED_NAME_TTL_NANOS) {
				List<byte[]> found = new ArrayList<>();
				try {
					for (InetAddress address : this.resolver.resolve(rule.name())) {
						found.add(canonical(address));
					}
				}
				catch (UnknownHostException | RuntimeException ex) {
					// nothing to deny by address
				}
				known = new Resolved(List.copyOf(found), now);
				this.deniedNames.put(rule.name(), known);
			}
			addresses.addAll(known.addresses());
		}
		return addresses;
	}

	/**
	 * IPv4 addresses carried in IPv6 forms are judged as the IPv4 address they reach:
	 * mapped {@code ::ffff:a.b.c.d}, translated {@code ::ffff:0:a.b.c.d}, compatible
	 * {@code ::a.b.c.d} (but {@code ::} and {@code ::1} are themselves), NAT64
	 * {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::}.
	 */
	static byte[] canonical(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (!(address instanceof Inet6Address)) {
			return bytes;
		}
		boolean zeroTo8 = true;
		for (int i = 0; i < 8; i++) {
			zeroTo8 &= bytes[i] == 0;
		}
		boolean mapped = zeroTo8 && bytes[8] == 0 && bytes[9] == 0 && bytes[10] == (byte) 0xff
				&& bytes[11] == (byte) 0xff;
		boolean translated = zeroTo8 && bytes[8] == (byte) 0xff && bytes[9] == (byte) 0xff && bytes[10] == 0
				&& bytes[11] == 0;
		boolean compatible = zeroTo8 && bytes[8] == 0 && bytes[9] == 0 && bytes[10] == 0 && bytes[11] == 0
				&& !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && (bytes[15] == 0 || bytes[15] == 1));
		if (mapped || translated || compatible || NAT64.contains(bytes)) {
			return Arrays.copyOfRange(bytes, 12, 16);
		}
		if (SIX_TO_FOUR.contains(bytes)) {
			return Arrays.copyOfRange(bytes, 2, 6);
		}
		return bytes;
	}

	private static String normalise(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		while (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		return name;
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
			String trimmed = normalise(entry.trim());
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

	private record Resolved(List<byte[]> addresses, long at) {

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
