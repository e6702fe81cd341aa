package io.cairn.status.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name. The default is the system resolver; tests give names of their own
 * (a name that resolves to a metadata address, say) without touching DNS.
 */
@FunctionalInterface
public interface AddressResolver {

	/** The system resolver. */
	AddressResolver SYSTEM = InetAddress::getAllByName;

	/**
	 * Resolve a host.
	 * @param host a name or an IP literal
	 * @return its addresses
	 * @throws UnknownHostException when it does not resolve
	 */
	InetAddress[] resolve(String host) throws UnknownHostException;

}
