package io.cairn.consul;

/**
 * The transport tests on the {@code HttpURLConnection} transport, the fallback used when
 * a proxy applies to the agent's address.
 */
class UrlConnectionHttpTransportTests extends HttpTransportTests {

	@Override
	Consul.Builder builder() {
		return Consul.builder().urlConnectionOnly();
	}

}
