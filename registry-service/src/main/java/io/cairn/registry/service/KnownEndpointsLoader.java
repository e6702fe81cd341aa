package io.cairn.registry.service;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.Timestamps;
import io.cairn.registry.store.RegistryStore;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Teaches a starting replica the live endpoints, before it takes requests. Without it a
 * replica that had just (re)started knew none of them, so each heartbeat it received was
 * a database write until it had seen every instance once: after a restart that is a burst
 * of writes, and if the database then went down, none of those renewals could be
 * acknowledged (fault suite, defect 2). At most {@code cairn.registry.max-instances} rows
 * are read, once.
 */
@Component
class KnownEndpointsLoader implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(KnownEndpointsLoader.class);

	private final RegistryStore store;

	private final KnownEndpoints known;

	private final RegistryProperties properties;

	private final Clock clock;

	private volatile boolean running;

	KnownEndpointsLoader(RegistryStore store, KnownEndpoints known, RegistryProperties properties, Clock clock) {
		this.store = store;
		this.known = known;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.running = true;
		try {
			this.known.learn(
					this.store.find(Glob.compile("*"), Timestamps.now(this.clock).minus(this.properties.ttl()), false));
		}
		catch (RuntimeException ex) {
			// Only an optimisation: heartbeats are then written durably until known.
			logger.warn("Could not read the live instances at start; their next heartbeats are written durably: "
					+ ex.getMessage());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Before the web server starts taking requests.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
