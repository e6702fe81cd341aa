package io.cairn.consul;

/**
 * The TLS tests on the {@code HttpURLConnection} transport, the fallback used when a
 * proxy applies to the agent's address.
 */
class UrlConnectionTlsTests extends TlsTests {

	@Override
	Consul.Builder builder() {
		return Consul.builder().urlConnectionOnly();
	}

	/** The JDK names a host in SNI only when the name has a dot. */
	@Override
	boolean namesLocalhostInSni() {
		return false;
	}

}
