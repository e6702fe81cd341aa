package io.cairn.consul;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.health.HealthCheck;

/**
 * Keeps services and checks registered on the local agent. An agent that restarts without
 * its data directory (or a dev agent) forgets what the application registered; this
 * keeper compares the agent's services and checks with the kept ones every interval and
 * registers again what is missing. While the agent is unreachable it keeps trying. Obtain
 * one from {@link Consul#registrationKeeper(Duration)}; close it to stop (kept entries
 * stay registered: call {@link #release(String)} to deregister one).
 */
public final class RegistrationKeeper implements Closeable {

	private final Consul consul;

	private final Map<String, ServiceRegistration> services = new ConcurrentHashMap<>();

	private final Map<String, CheckRegistration> checks = new ConcurrentHashMap<>();

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong reregistrations = new AtomicLong();

	private final ScheduledExecutorService scheduler;

	RegistrationKeeper(Consul consul, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The check interval must be positive");
		}
		this.consul = consul;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "consul-registration-keeper");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.scheduler.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Register a service now and keep it registered. If the agent cannot be reached now,
	 * the registration happens as soon as it can.
	 * @param registration the service
	 * @return {@code true} when registered now
	 */
	public boolean keep(ServiceRegistration registration) {
		this.services.put(registration.effectiveId(), registration);
		return tryRun(() -> this.consul.agent().registerService(registration));
	}

	/**
	 * Register a check now and keep it registered.
	 * @param check the check
	 * @return {@code true} when registered now
	 */
	public boolean keep(CheckRegistration check) {
		this.checks.put((check.id() != null) ? check.id() : check.name(), check);
		return tryRun(() -> this.consul.agent().registerCheck(check));
	}

	/**
	 * Stop keeping a service and deregister it.
	 * @param serviceId the instance ID
	 */
	public void release(String serviceId) {
		if (this.services.remove(serviceId) != null) {
			tryRun(() -> this.consul.agent().deregisterService(serviceId));
		}
	}

	/**
	 * Stop keeping a check and deregister it.
	 * @param checkId the check ID
	 */
	public void releaseCheck(String checkId) {
		if (this.checks.remove(checkId) != null) {
			tryRun(() -> this.consul.agent().deregisterCheck(checkId));
		}
	}

	/**
	 * Be told the ID of each service or check registered again.
	 * @param listener the listener (called on the keeper's thread)
	 */
	public void onReregistered(Consumer<String> listener) {
		this.listeners.add(listener);
	}

	/**
	 * How many times something was registered again since the keeper started.
	 * @return the count
	 */
	public long reregistrations() {
		return this.reregistrations.get();
	}

	/**
	 * Compare now (the keeper also does it every interval).
	 * @return how many services and checks were registered again
	 * @throws ConsulException when the agent cannot be asked
	 */
	public int reconcile() {
		int count = 0;
		if (!this.services.isEmpty()) {
			Map<String, AgentService> present = this.consul.agent().services(QueryOptions.NONE).value();
			for (Map.Entry<String, ServiceRegistration> kept : this.services.entrySet()) {
				if (!present.containsKey(kept.getKey())) {
					this.consul.agent().registerService(kept.getValue());
					count += announce(kept.getKey());
				}
			}
		}
		if (!this.checks.isEmpty()) {
			Map<String, HealthCheck> present = this.consul.agent().checks(QueryOptions.NONE).value();
			for (Map.Entry<String, CheckRegistration> kept : this.checks.entrySet()) {
				if (!present.containsKey(kept.getKey())) {
					this.consul.agent().registerCheck(kept.getValue());
					count += announce(kept.getKey());
				}
			}
		}
		return count;
	}

	private int announce(String id) {
		this.reregistrations.incrementAndGet();
		for (Consumer<String> listener : this.listeners) {
			try {
				listener.accept(id);
			}
			catch (RuntimeException ex) {
				// a listener's failure must not stop the keeper
			}
		}
		return 1;
	}

	private void reconcileQuietly() {
		try {
			reconcile();
		}
		catch (ConsulException ex) {
			// The agent is away (restarting): try again at the next interval.
		}
	}

	private static boolean tryRun(Runnable call) {
		try {
			call.run();
			return true;
		}
		catch (ConsulException ex) {
			return false;
		}
	}

	/**
	 * Stop keeping (nothing is deregistered).
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
