package io.cairn.bridge.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.schedule.PeriodicTask;
import io.cairn.bridge.status.Activity;
import io.cairn.consul.ConsulException;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;

/**
 * Notices, while the bridge leads, an agent that lost services the bridge registered on
 * it (an agent restarted with an empty data folder, an operator's deregistration): every
 * {@code sync.agent-check-interval} it lists the services of each agent the registration
 * index names, one request per agent, and asks for a repairing sync when one is missing.
 * No event follows such a loss, and app events skip registrations they believe are in
 * place, so without this the next periodic sync would be the first to notice. An agent
 * that does not answer is left to the sync, which reports it.
 */
public final class AgentWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AgentWatch.class);

	private final RegistrationIndex index;

	private final Registrar registrar;

	private final Consumer<String> repair;

	private final Activity activity;

	private final @Nullable PeriodicTask periodic;

	/**
	 * Create the watch.
	 * @param index where the bridge's registrations are recorded
	 * @param registrar lists an agent's services
	 * @param repair requests a repairing sync, given why
	 * @param interval how often to look; 0 never
	 * @param activity notes what was found
	 * @param schedulers Boot's scheduler builder
	 */
	public AgentWatch(RegistrationIndex index, Registrar registrar, Consumer<String> repair, Duration interval,
			Activity activity, SimpleAsyncTaskSchedulerBuilder schedulers) {
		this.index = index;
		this.registrar = registrar;
		this.repair = repair;
		this.activity = activity;
		Duration every = Duration.ofMillis(Math.max(1, interval.toMillis()));
		this.periodic = interval.isZero() ? null
				: new PeriodicTask(schedulers, "bridge-agent-watch", this::checkQuietly, every, every);
	}

	/**
	 * Start looking (while leading).
	 */
	public void start() {
		if (this.periodic != null) {
			this.periodic.start();
		}
	}

	/**
	 * Stop looking.
	 */
	public void stop() {
		if (this.periodic != null) {
			this.periodic.stop();
		}
	}

	@Override
	public void close() {
		if (this.periodic != null) {
			this.periodic.close();
		}
	}

	private void checkQuietly() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			logger.warn("Checking the agents failed: " + this.activity.redact(String.valueOf(ex.getMessage())));
		}
	}

	/**
	 * Look once.
	 * @return how many registrations were missing
	 */
	public int check() {
		long started = System.nanoTime();
		Map<String, List<Registered>> byAgent = new LinkedHashMap<>();
		for (Registered registered : this.index.all()) {
			// What was written after the listing began may not be in it yet.
			if (started - registered.recordedNanos() > 0) {
				byAgent.computeIfAbsent(registered.agentAddress(), (address) -> new java.util.ArrayList<>())
					.add(registered);
			}
		}
		int missing = 0;
		String example = null;
		for (Map.Entry<String, List<Registered>> agent : byAgent.entrySet()) {
			Set<String> present = new HashSet<>();
			try {
				for (OwnedService owned : this.registrar.owned(agent.getKey())) {
					present.add(owned.service().id());
				}
			}
			catch (ConsulException ex) {
				continue;
			}
			for (Registered registered : agent.getValue()) {
				if (!present.contains(registered.serviceId())) {
					missing++;
					example = agent.getKey();
				}
			}
		}
		if (missing > 0) {
			this.activity.error("consul", "agent " + example + " lost services the bridge registered (" + missing
					+ " missing in all); a full sync was requested");
			this.repair.accept("agent lost services");
		}
		return missing;
	}

}
