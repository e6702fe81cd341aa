package io.cairn.bench.consul;

import java.io.Closeable;

/**
 * The operations measured, implemented once per library.
 */
interface BenchClient extends Closeable {

	/** Read a key's value. */
	byte[] get(String key);

	/** Write a key's value. */
	boolean put(String key, byte[] value);

	/** The passing instances of a service. */
	int healthyInstances(String service);

	/** Block until the key's index moves past {@code index}; return the new index. */
	long blockingGet(String key, long index);

	@Override
	void close();

}
