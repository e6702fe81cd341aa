package io.cairn.bridge.consul;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.marathon.HostNames;

/**
 * The hosts whose agents the bridge may contact (and send its ACL token to): the
 * configured ones ({@code cairn.bridge.consul.agents}), the catalog's nodes, and the
 * hosts of tasks Marathon listed, as the last full sync found them, plus hosts of tasks
 * that app reads listed since. A host named only by an event is none of these until
 * Marathon or the catalog confirms it.
 */
public final class AgentHosts {

	/** Hosts learnt from app reads between two full syncs, at most. */
	static final int MAX_LEARNT = 10_000;

	private final Set<String> configured;

	private final Set<String> synced = new HashSet<>();

	private final Set<String> learnt = new HashSet<>();

	/**
	 * Create the set.
	 * @param configured the hosts named in the configuration
	 */
	public AgentHosts(Collection<String> configured) {
		Set<String> hosts = new HashSet<>();
		for (String host : configured) {
			hosts.add(key(host));
		}
		this.configured = Set.copyOf(hosts);
	}

	/**
	 * Replace what a full sync found: the hosts of every task Marathon listed and every
	 * catalog node.
	 * @param hosts the hosts
	 */
	public synchronized void replace(Collection<String> hosts) {
		this.synced.clear();
		this.learnt.clear();
		for (String host : hosts) {
			if (HostNames.isValid(host)) {
				this.synced.add(key(host));
			}
		}
	}

	/**
	 * Note the host of a task Marathon just listed.
	 * @param host the host
	 */
	public synchronized void learn(@Nullable String host) {
		if (host != null && HostNames.isValid(host) && this.learnt.size() < MAX_LEARNT
				&& !this.synced.contains(key(host))) {
			this.learnt.add(key(host));
		}
	}

	/**
	 * Whether the bridge may contact this host's agent.
	 * @param host the host
	 * @return true when it is valid and known
	 */
	public synchronized boolean isKnown(@Nullable String host) {
		if (host == null || !HostNames.isValid(host)) {
			return false;
		}
		String key = key(host);
		return this.configured.contains(key) || this.synced.contains(key) || this.learnt.contains(key);
	}

	private static String key(String host) {
		return host.toLowerCase(Locale.ROOT);
	}

}
