package io.cairn.registry.security;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.registry.domain.RegistrationRules;

import org.springframework.stereotype.Component;

/**
 * Counts refused writes and logs them at most once a minute: JSON-RPC clients that ping
 * by notification never see their error, so the log is where an operator learns that a
 * client is misconfigured. Neither the meter nor the log carries a token or a client
 * address.
 */
@Component
public class WriteRefusals {

	private static final Log logger = LogFactory.getLog(WriteRefusals.class);

	private static final long LOG_INTERVAL_MILLIS = 60_000;

	private final Counter counter;

	private final AtomicLong lastLog = new AtomicLong();

	WriteRefusals(MeterRegistry meters) {
		this.counter = Counter.builder("cairn.registry.pings.rejected")
			.description("Writes (pings, REST registrations and deregistrations) refused for a missing or wrong "
					+ "token, or a service outside the token's scope")
			.register(meters);
	}

	/**
	 * Record a write refused outright (no valid token, or not from this host).
	 * @param grant the refusal
	 */
	public void refused(WriteGrant grant) {
		this.counter.increment();
		log(() -> "Refused a write: " + grant.refusal() + " (clients that ping by notification never see this error)");
	}

	/**
	 * Record a write of a service outside the grant.
	 * @param grant the grant
	 * @param name the service
	 */
	public void refused(WriteGrant grant, String name) {
		this.counter.increment();
		log(() -> "Refused a write of the service '" + RegistrationRules.printable(name) + "' by " + grant.holder()
				+ ", which does not cover it");
	}

	private void log(java.util.function.Supplier<String> message) {
		long now = System.currentTimeMillis();
		long last = this.lastLog.get();
		if (now - last > LOG_INTERVAL_MILLIS && this.lastLog.compareAndSet(last, now)) {
			logger.warn(message.get());
		}
	}

}
