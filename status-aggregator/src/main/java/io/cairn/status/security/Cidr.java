package io.cairn.status.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a
 * range of one.
 *
 * @param network the network's address bytes
 * @param prefixLength the number of leading bits that must match
 */
record Cidr(byte[] network, int prefixLength) {

	static Cidr parse(String text) {
		int slash = text.indexOf('/');
		String address = (slash >= 0) ? text.substring(0, slash) : text;
		if (!isIpLiteral(address)) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
		}
		int length = bytes.length * 8;
		if (slash >= 0) {
			try {
				length = Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
			}
			if (length < 0 || length > bytes.length * 8) {
				throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
			}
		}
		return new Cidr(bytes, length);
	}

	static boolean isIpLiteral(String text) {
		return text.matches("[0-9.]+") && text.chars().filter((c) -> c == '.').count() == 3
				|| text.contains(":") && text.matches("[0-9a-fA-F:.]+");
	}

	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (address[full] & mask) == (this.network[full] & mask);
	}

}
