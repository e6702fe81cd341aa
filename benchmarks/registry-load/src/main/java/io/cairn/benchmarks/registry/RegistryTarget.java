package io.cairn.benchmarks.registry;

import java.io.IOException;

/**
 * One registry under test, spoken to the way its own clients speak to it.
 */
interface RegistryTarget {

	String name();

	/**
	 * Register an instance, durably; the call returns once the registry has accepted it.
	 */
	void register(KeepAliveConnection connection, int service, int instance) throws IOException;

	/** Renew an instance's lease, as its client would every 30 seconds. */
	void renew(KeepAliveConnection connection, int service, int instance) throws IOException;

	/** Look one service up; returns how many instances were found. */
	int lookup(KeepAliveConnection connection, int service) throws IOException;

	/**
	 * Look one service up the way the registry's client library keeps its view current;
	 * returns how many instances were found.
	 */
	int lookupAsClientsDo(KeepAliveConnection connection, int service) throws IOException;

	static String serviceName(int service) {
		return String.format("svc-%04d", service);
	}

	static String host(int service, int instance) {
		return "10." + (service / 250) + "." + (service % 250) + "." + (instance + 1);
	}

	static KeepAliveConnection.Response expect(KeepAliveConnection.Response response, String what, int... expected)
			throws IOException {
		for (int status : expected) {
			if (response.status() == status) {
				return response;
			}
		}
		throw new IOException(what + " answered " + response.status() + ": " + response.text());
	}

}
