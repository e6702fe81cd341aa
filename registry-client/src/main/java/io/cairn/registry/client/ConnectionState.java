package io.cairn.registry.client;

/**
 * How fresh the client's cache is.
 */
public enum ConnectionState {

	/**
	 * Nothing has been watched yet: no lookup was made, or the first sync is under way.
	 */
	CONNECTING,

	/**
	 * The watch is running: every change on the registry reaches the cache within
	 * milliseconds.
	 */
	CONNECTED,

	/**
	 * No registry replica can be reached (or they refuse the watch): lookups answer the
	 * last known instances, and the cache resynchronises when a replica answers again.
	 */
	SUSPENDED

}
