package io.cairn.consul;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One agent address as the socket transport reaches it: where to connect (a name, or an
 * IP literal with an IPv6 zone id after a bare {@code %}, as {@code Consul.Builder} puts
 * it), its {@code Host} header, whether a proxy applies (then
 * {@link UrlConnectionExchanges} serves it), and its pool of idle connections.
 */
final class SocketRoute {

	final String scheme;

	final String authority;

	final String host;

	final int port;

	final boolean tls;

	final byte[] hostHeader;

	final IdleConnectionPool pool;

	private final boolean proxied;

	SocketRoute(URI uri, long idleNanos) {
		this.pool = new IdleConnectionPool(idleNanos);
		this.scheme = uri.getScheme();
		this.authority = uri.getRawAuthority();
		this.tls = "https".equalsIgnoreCase(this.scheme);
		String host = uri.getHost();
		if (host == null) {
			throw new IllegalArgumentException("no host in " + uri);
		}
		// java.net.URI keeps an IPv6 literal's brackets: no part of the address
		this.host = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		this.port = (uri.getPort() != -1) ? uri.getPort() : this.tls ? 443 : 80;
		// An IPv6 zone id only means something on this machine: it is not sent (RFC
		// 6874), as HttpURLConnection does not send it either.
		int zone = host.indexOf('%');
		String hostHeader = (zone < 0) ? host : host.substring(0, zone) + "]";
		this.hostHeader = (hostHeader + ":" + this.port).getBytes(StandardCharsets.ISO_8859_1);
		this.proxied = proxied(uri);
	}

	/**
	 * Whether the JVM's proxy selection gives anything but a direct connection for this
	 * address: system properties ({@code http.proxyHost}, {@code socksProxyHost} and
	 * their non-proxy hosts), {@code java.net.useSystemProxies} or an application's own
	 * {@link ProxySelector}. Asked once per address.
	 */
	private static boolean proxied(URI uri) {
		ProxySelector selector = ProxySelector.getDefault();
		if (selector == null) {
			return false;
		}
		try {
			List<Proxy> proxies = selector.select(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/"));
			return proxies != null && !proxies.isEmpty() && proxies.get(0).type() != Proxy.Type.DIRECT;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	boolean proxied() {
		return this.proxied;
	}

	boolean serves(String scheme, String authority) {
		return this.authority.equals(authority) && this.scheme.equals(scheme);
	}

}
