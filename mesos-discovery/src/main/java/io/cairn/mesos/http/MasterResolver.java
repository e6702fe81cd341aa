package io.cairn.mesos.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.master.MasterInfo;
import io.cairn.mesos.zk.MasterLocation;
import org.jspecify.annotations.Nullable;

/**
 * Where the API clients send calls: the leading master's base URL.
 */
public interface MasterResolver {

	/**
	 * The leading master's base URL, waiting for one up to the given time.
	 * @param wait the longest to wait
	 * @return the base URL ({@code http://host:port}), or empty if none is known
	 * @throws MesosApiException if the leader's URL cannot be built
	 * @throws InterruptedException if interrupted
	 */
	Optional<URI> master(Duration wait) throws InterruptedException;

	/**
	 * The master a 307 answer names, if it is one this resolver knows: Mesos builds the
	 * {@code Location} ({@code //host:port/path}) from the leader's host name, which may
	 * not resolve here, so a known master is returned as the base URL this client uses
	 * for it. Calls (with their credentials and body) follow a redirect only to the same
	 * origin or to a master this method returns.
	 * @param location the resolved redirect target
	 * @return the known master's base URL ({@code scheme://host:port}), or empty if the
	 * location names no master this resolver knows
	 */
	default Optional<URI> knownMaster(URI location) {
		return Optional.empty();
	}

	/**
	 * Registers a callback for leader changes, so event streams can move to the new
	 * leader before the old one's stream breaks.
	 * @param callback called after the leader changed
	 */
	default void onLeaderChange(Runnable callback) {
	}

	/**
	 * Follows the leader through a detector.
	 * @param detector a started detector
	 * @param field which host field to build URLs from
	 * @param scheme {@code http} or {@code https}
	 * @return the resolver
	 */
	static MasterResolver following(MasterDetector detector, HostField field, String scheme) {
		return new MasterResolver() {

			@Override
			public Optional<URI> master(Duration wait) throws InterruptedException {
				return detector.awaitLeader(wait).map((master) -> url(master, field, scheme));
			}

			@Override
			public Optional<URI> knownMaster(URI location) {
				String host = location.getHost();
				if (host == null) {
					return Optional.empty();
				}
				if (host.startsWith("[") && host.endsWith("]")) {
					host = host.substring(1, host.length() - 1);
				}
				for (Master master : detector.members()) {
					MasterInfo info = master.info();
					if (info.httpPort() == location.getPort()
							&& (host.equalsIgnoreCase(info.hostName()) || host.equalsIgnoreCase(info.ipAddress()))) {
						return Optional.of(url(master, field, scheme));
					}
				}
				return Optional.empty();
			}

			@Override
			public void onLeaderChange(Runnable callback) {
				detector.addListener((previous, current) -> {
					if (current.leaderDiffersFrom(previous)) {
						callback.run();
					}
				});
			}

		};
	}

	/**
	 * Fixed masters, without ZooKeeper: calls go to the first; a non-leading master's
	 * redirect is followed only to one of these (with Mesos' host names, as the masters'
	 * {@code Location} names them), never to another host.
	 * @param first the master calls go to, {@code scheme://host:port}
	 * @param others the other masters a redirect may lead to
	 * @return the resolver
	 */
	static MasterResolver fixed(URI first, URI... others) {
		List<URI> masters = new ArrayList<>();
		masters.add(first);
		masters.addAll(List.of(others));
		Map<Origin, URI> known = new LinkedHashMap<>();
		for (URI master : masters) {
			Origin origin = Origin.of(master)
				.orElseThrow(() -> new IllegalArgumentException("'" + master + "' is not an http(s) master URL"));
			known.put(origin, URI.create(origin.scheme() + "://" + master.getRawAuthority()));
		}
		return new MasterResolver() {

			@Override
			public Optional<URI> master(Duration wait) {
				return Optional.of(first);
			}

			@Override
			public Optional<URI> knownMaster(URI location) {
				return Origin.of(location).map(known::get);
			}

		};
	}

	/**
	 * The base URL of a detected master; a master the detector handed over always has
	 * one.
	 */
	private static URI url(Master master, HostField field, String scheme) {
		try {
			return master.info().url(field, scheme);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new MesosApiException("master " + master.znode() + " has no usable URL: " + ex.getMessage(), 0, null,
					ex);
		}
	}

	/**
	 * A resolver for any {@code --master} value: a {@link MasterDetector} for
	 * {@code zk://} (which the caller must start and close), the master itself otherwise.
	 * @param location the parsed location
	 * @param detector the detector to follow when the location is a ZooKeeper group
	 * @param field which host field to build URLs from
	 * @param scheme {@code http} or {@code https}
	 * @return the resolver
	 */
	static MasterResolver forLocation(MasterLocation location, @Nullable MasterDetector detector, HostField field,
			String scheme) {
		if (location instanceof MasterLocation.Direct direct) {
			return fixed(URI.create(scheme + "://" + direct.address()));
		}
		if (detector == null) {
			throw new IllegalArgumentException("a ZooKeeper location needs a detector");
		}
		return following(detector, field, scheme);
	}

}
