package io.cairn.mesos.http;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
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
	 * @throws InterruptedException if interrupted
	 */
	Optional<URI> master(Duration wait) throws InterruptedException;

	/**
	 * Maps the target of a 307 answer ({@code //host:port/path}, built by Mesos from the
	 * leader's host name, which may not resolve here) to a base URL this client can
	 * reach.
	 * @param location the resolved redirect target
	 * @return the base URL to use
	 */
	default URI redirectTarget(URI location) {
		return URI.create(location.getScheme() + "://" + location.getRawAuthority());
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
				return detector.awaitLeader(wait).map((master) -> master.info().url(field, scheme));
			}

			@Override
			public URI redirectTarget(URI location) {
				// Mesos redirects to the leader's host name; use the same master's chosen
				// field.
				for (Master master : detector.members()) {
					String host = location.getHost();
					if (master.info().httpPort() == location.getPort() && host != null
							&& (host.equals(master.info().hostName()) || host.equals(master.info().ipAddress()))) {
						return master.info().url(field, scheme);
					}
				}
				return MasterResolver.super.redirectTarget(location);
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
	 * One fixed master; a non-leading master redirects calls to the leader.
	 * @param url the master's base URL
	 * @return the resolver
	 */
	static MasterResolver fixed(URI url) {
		return (wait) -> Optional.of(url);
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
