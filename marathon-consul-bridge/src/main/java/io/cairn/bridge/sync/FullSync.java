package io.cairn.bridge.sync;

import java.time.Clock;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * One full sync: Marathon's apps and tasks (one call) against the services carrying the
 * registration tag on every agent (the central one, the hosts of running tasks, the
 * catalog's nodes, the configured ones). Missing services are registered, differing ones
 * registered again, services whose task no longer runs deregistered (with purge on, and
 * unless the mass-deregistration guard refuses), labels written to KV and dead apps' KV
 * folders deleted (unless the guard refuses that). Services without the tag are never
 * touched. Marathon's answer wins over an end of a task remembered before it was read.
 * Agent calls run in parallel ({@code sync.concurrency}); a failing agent or key is
 * reported without stopping the rest. The hosts found (tasks' hosts and catalog nodes)
 * become the hosts whose agents the bridge may contact.
 */
public final class FullSync implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FullSync.class);

	private final SyncRun.Parts parts;

	private final Activity activity;

	private final BridgeMetrics metrics;

	private final ThreadPoolTaskExecutor pool;

	private List<KnownApps.Clash> reported = List.of();

	/**
	 * Create the sync.
	 * @param sources what a sync reads: Marathon, the mapping, what the bridge remembers
	 * @param targets where a sync writes: the agents, the registrations, KV
	 * @param leadership checked before writing
	 * @param properties the bridge properties
	 * @param activity notes errors
	 * @param metrics records syncs
	 * @param clock the clock
	 * @param executors Boot's executor builder, for the agent calls run in parallel
	 */
	public FullSync(SyncSources sources, SyncTargets targets, Leadership leadership, BridgeProperties properties,
			Activity activity, BridgeMetrics metrics, Clock clock, ThreadPoolTaskExecutorBuilder executors) {
		this.activity = activity;
		this.metrics = metrics;
		int concurrency = properties.sync().concurrency();
		this.pool = executors.corePoolSize(concurrency)
			.maxPoolSize(concurrency)
			.threadNamePrefix("bridge-sync-")
			.build();
		this.pool.setDaemon(true);
		this.pool.initialize();
		this.parts = new SyncRun.Parts(sources, targets, leadership, properties, activity, clock,
				this.pool.getThreadPoolExecutor(), this::reportClashes);
	}

	/**
	 * Run a sync.
	 * @param trigger why
	 * @param force whether to override the mass-deregistration guard
	 * @return the result
	 */
	public SyncResult run(String trigger, boolean force) {
		SyncResult result = new SyncRun(this.parts, trigger, force).execute();
		// A sync the guard stopped is counted apart: it is what CairnBridgeSyncRefused
		// watches, and it asks an operator to look (its result's outcome is partial).
		this.metrics.sync(result.duration(), result.guardTripped() ? "refused" : result.outcome().value());
		this.metrics.drift("registered", result.registered());
		this.metrics.drift("updated", result.updated());
		this.metrics.drift("deregistered", result.deregistered());
		this.metrics.drift("kv", result.kvChanges() + result.kvPurged());
		if (result.outcome() != SyncOutcome.SUCCESS) {
			this.metrics.error("sync");
			this.activity.error("sync", "sync (" + trigger + ") " + result.outcome().value()
					+ (result.errors().isEmpty() ? "" : ": " + result.errors().get(0)));
		}
		logger.info("Sync (" + trigger + "): " + result.outcome().value() + " in " + result.duration().toMillis()
				+ " ms, " + result.apps() + " apps, " + result.tasks() + " tasks, " + result.registered()
				+ " registered, " + result.updated() + " updated, " + result.deregistered() + " deregistered, "
				+ result.kvChanges() + " KV changes"
				+ (result.guardTripped() ? ", deregistrations refused by the guard" : ""));
		return result;
	}

	@Override
	public void close() {
		// Agent calls under way are interrupted, as a stopping bridge writes nothing
		// more.
		this.pool.shutdown();
	}

	/**
	 * Report clashes the previous sync did not find: on the console and in the log, once
	 * (they stay in the status answer while they last).
	 */
	private synchronized void reportClashes(List<KnownApps.Clash> clashes) {
		for (KnownApps.Clash clash : clashes) {
			if (!this.reported.contains(clash)) {
				String message = "name clash: apps " + clash.registered() + ", " + String.join(", ", clash.leftOut())
						+ " all map to '" + clash.name() + "'; " + clash.registered()
						+ " (its ID sorts first) is registered under it and owns its KV folder, the others are left out";
				this.activity.error("clash", message);
				logger.warn(message);
			}
		}
		this.reported = List.copyOf(clashes);
	}

}
