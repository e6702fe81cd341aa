package io.cairn.bridge.api;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.status.Activity;
import io.cairn.bridge.sync.KnownApps;
import io.cairn.bridge.sync.SyncResult;

/**
 * The bridge's state as {@code GET /v1/status} and the console show it.
 *
 * @param role {@code idle}, {@code follower}, {@code leader} or {@code stopped}
 * @param missing what must be configured before the bridge can work
 * @param registrationId the registration ID
 * @param mode the mapping mode
 * @param marathon the Marathon side
 * @param consul the Consul side
 * @param leadership the election
 * @param sync the last sync
 * @param counts apps, tasks, registrations and waiting events
 * @param clashes names several apps map to: the app registered under each, the apps left
 * out
 * @param recentEvents the last events, newest first
 * @param recentErrors the last errors, newest first
 */
public record StatusView(String role, List<String> missing, String registrationId, String mode, MarathonView marathon,
		ConsulView consul, LeadershipView leadership, SyncView sync, Counts counts, List<KnownApps.Clash> clashes,
		List<Activity.EventEntry> recentEvents, List<Activity.ErrorEntry> recentErrors) {

	/**
	 * The Marathon side.
	 *
	 * @param configured whether Marathon is configured
	 * @param discovery how Marathon is found
	 * @param instance the instance in use
	 * @param stream the event stream's status
	 * @param streamSince when it last changed
	 * @param streamSource the instance streamed from
	 * @param lastEventAt when the last event arrived
	 * @param connections stream connections so far
	 * @param streamError why the last connection ended
	 * @param callbackEnabled whether {@code POST /events} answers (callbacks configured)
	 * @param callbackUrl the callback URL subscribed, if subscribing, its token masked
	 * @param callbackSubscribed whether the subscription is in place
	 */
	public record MarathonView(boolean configured, String discovery, @Nullable String instance, String stream,
			Instant streamSince, @Nullable String streamSource, @Nullable Instant lastEventAt, long connections,
			@Nullable String streamError, boolean callbackEnabled, @Nullable String callbackUrl,
			boolean callbackSubscribed) {
	}

	/**
	 * The Consul side.
	 *
	 * @param configured whether Consul is configured
	 * @param address the central agent
	 * @param registerOn where services are registered
	 * @param fallback whether fallback to the central agent is on
	 * @param kv whether labels are written to KV, and under which prefix
	 */
	public record ConsulView(boolean configured, String address, String registerOn, boolean fallback,
			@Nullable String kv) {
	}

	/**
	 * The election.
	 *
	 * @param mechanism {@code zookeeper}, {@code consul} or {@code none}
	 * @param id this replica's ID
	 * @param leader the leader's ID, when known
	 * @param isLeader whether this replica leads
	 */
	public record LeadershipView(String mechanism, String id, @Nullable String leader, boolean isLeader) {
	}

	/**
	 * Syncs.
	 *
	 * @param running whether one runs now
	 * @param intervalSeconds the period (0: none)
	 * @param purge whether purge is on
	 * @param last the last result
	 */
	public record SyncView(boolean running, long intervalSeconds, boolean purge, @Nullable SyncResult last) {
	}

	/**
	 * Counts.
	 *
	 * @param apps apps Marathon listed at the last sync
	 * @param tasks tasks Marathon listed at the last sync
	 * @param registrations services the bridge knows it registered
	 * @param pendingEvents events waiting to be applied
	 */
	public record Counts(int apps, int tasks, int registrations, int pendingEvents) {
	}

}
