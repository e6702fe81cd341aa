package io.cairn.status.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's DNS hook: every connection the client opens goes to an address
 * {@link TargetPolicy} resolved and accepted in the same call, so a name cannot resolve
 * to an allowed address for the check and to a forbidden one for the connection.
 */
public class PolicyDnsResolver implements DnsResolver {

	private final TargetPolicy policy;

	/**
	 * Create the resolver.
	 * @param policy the policy that resolves and judges
	 */
	public PolicyDnsResolver(TargetPolicy policy) {
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		return this.policy.resolve(host);
	}

	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		return Arrays.stream(this.policy.resolve(host)).map((address) -> new InetSocketAddress(address, port)).toList();
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		// The canonical name would need a second, unchecked lookup; the checked name is
		// what the connection uses.
		return host;
	}

}
