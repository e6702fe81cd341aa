package io.cairn.bridge.sync;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;

/**
 * The names an app's event holds while the {@link Reconciler} applies it: the app's KV
 * folder, the service name last learnt for its ID and the one Marathon's answer gives it.
 * Apps that share a service name or KV folder decide who owns it one at a time
 * ({@link NameLocks}).
 */
final class AppNameLocks {

	private final ServiceMapper mapper;

	private final KnownApps knownApps;

	private final NameLocks names = new NameLocks(64);

	/**
	 * Create the locks.
	 * @param mapper names apps
	 * @param knownApps the service names last learnt
	 */
	AppNameLocks(ServiceMapper mapper, KnownApps knownApps) {
		this.mapper = mapper;
		this.knownApps = knownApps;
	}

	/**
	 * Lock an app's names until the returned hold is closed.
	 * @param appId the app ID
	 * @param app the app as Marathon described it, {@code null} when it did not
	 * @return the hold, to close in a try-with-resources
	 */
	NameLocks.Hold lock(String appId, @Nullable MarathonApp app) {
		Set<String> held = new HashSet<>();
		held.add(this.mapper.kvName(appId));
		String known = this.knownApps.serviceName(appId);
		if (known != null) {
			held.add(known);
		}
		String derived = (app != null) ? this.mapper.derivedName(app) : null;
		if (derived != null) {
			held.add(derived);
		}
		return this.names.lock(held);
	}

}
