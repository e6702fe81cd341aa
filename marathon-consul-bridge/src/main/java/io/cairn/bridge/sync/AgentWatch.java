package io.cairn.bridge.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.status.Activity;
import io.cairn.consul.ConsulException;

/**
 * Notices, while the bridge leads, an agent that lost services the bridge registered on
 * it (an agent restarted with an empty data folder, an operator's deregistration): every
 * {@code sync.agent-check-interval} it lists the services of each agent the registration
 * index names, one request per agent, and asks for a repairing sync when one is missing.
 * No event follows such a loss, and app events skip registrations they believe are in
 * place, so without this the next periodic sync would be the first to notice. An agent
 * that does not answer is left to the sync, which reports it.
 */
public final class AgentWatch {

	private static final Log logger = LogFactory.getLog(AgentWatch.class);

	private final RegistrationIndex index;

	private final Registrar registrar;

	private final Consumer<String> repair;

	private final Duration interval;

	private final Activity activity;

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable ScheduledFuture<?> task;

	/**
	 * Create the watch.
	 * @param index where the bridge's registrations are recorded
	 * @param registrar lists an agent's services
	 * @param repair requests a repairing sync, given why
	 * @param interval how often to look; 0 never
	 * @param activity notes what was found
	 */
	public AgentWatch(RegistrationIndex index, Registrar registrar, Consumer<String> repair, Duration interval,
			Activity activity) {
		this.index = index;
		this.registrar = registrar;
		this.repair = repair;
		this.interval = interval;
		this.activity = activity;
	}

	/**
	 * Start looking (while leading).
	 */
	public synchronized void start() {
		if (this.scheduler != null || this.interval.isZero()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bridge-agent-watch");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = executor;
		long millis = Math.max(1, this.interval.toMillis());
		this.task = executor.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stop looking.
	 */
	public synchronized void stop() {
		if (this.scheduler == null) {
			return;
		}
		if (this.task != null) {
			this.task.cancel(false);
		}
		this.scheduler.shutdownNow();
		this.scheduler = null;
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
