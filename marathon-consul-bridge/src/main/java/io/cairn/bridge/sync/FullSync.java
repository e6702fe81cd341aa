package io.cairn.bridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.consul.AgentClients;
import io.cairn.bridge.consul.AgentHosts;
import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.leader.NotLeaderException;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonException;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;
import io.cairn.consul.ConsulException;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.catalog.Node;

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

	private static final int MAX_ERRORS = 20;

	private final MarathonClient marathon;

	private final ServiceMapper mapper;

	private final AgentClients agents;

	private final Registrar registrar;

	private final RegistrationIndex index;

	private final @Nullable LabelWriter labels;

	private final Tombstones tombstones;

	private final KnownApps knownApps;

	private final AgentHosts hosts;

	private final Leadership leadership;

	private final BridgeProperties properties;

	private final Activity activity;

	private final BridgeMetrics metrics;

	private final Clock clock;

	private final ExecutorService pool;

	private List<KnownApps.Clash> reported = List.of();

	/**
	 * Create the sync.
	 * @param marathon the Marathon client
	 * @param mapper maps tasks to services
	 * @param agents the agent clients
	 * @param registrar registers and deregisters
	 * @param index where registrations are recorded
	 * @param labels writes labels to KV, or {@code null} with KV off
	 * @param tombstones tasks known to have ended
	 * @param knownApps the apps of the last list
	 * @param hosts the hosts whose agents may be contacted, replaced by each sync
	 * @param leadership checked before writing
	 * @param properties the bridge properties
	 * @param activity notes errors
	 * @param metrics records syncs
	 * @param clock the clock
	 */
	public FullSync(MarathonClient marathon, ServiceMapper mapper, AgentClients agents, Registrar registrar,
			RegistrationIndex index, @Nullable LabelWriter labels, Tombstones tombstones, KnownApps knownApps,
			AgentHosts hosts, Leadership leadership, BridgeProperties properties, Activity activity,
			BridgeMetrics metrics, Clock clock) {
		this.marathon = marathon;
		this.mapper = mapper;
		this.agents = agents;
		this.registrar = registrar;
		this.index = index;
		this.labels = labels;
		this.tombstones = tombstones;
		this.knownApps = knownApps;
		this.hosts = hosts;
		this.leadership = leadership;
		this.properties = properties;
		this.activity = activity;
		this.metrics = metrics;
		this.clock = clock;
		AtomicInteger count = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(properties.sync().concurrency(), (runnable) -> {
			Thread thread = new Thread(runnable, "bridge-sync-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Run a sync.
	 * @param trigger why
	 * @param force whether to override the mass-deregistration guard
	 * @return the result
	 */
	public SyncResult run(String trigger, boolean force) {
		Run run = new Run(trigger, force);
		SyncResult result = run.execute();
		// A sync the guard stopped is counted apart: it is what CairnBridgeSyncRefused
		// watches, and it asks an operator to look (its result's outcome is partial).
		this.metrics.sync(result.duration(), result.guardTripped() ? "refused" : result.outcome());
		this.metrics.drift("registered", result.registered());
		this.metrics.drift("updated", result.updated());
		this.metrics.drift("deregistered", result.deregistered());
		this.metrics.drift("kv", result.kvChanges() + result.kvPurged());
		if (!result.outcome().equals("success")) {
			this.metrics.error("sync");
			this.activity.error("sync", "sync (" + trigger + ") " + result.outcome()
					+ (result.errors().isEmpty() ? "" : ": " + result.errors().get(0)));
		}
		logger.info("Sync (" + trigger + "): " + result.outcome() + " in " + result.duration().toMillis() + " ms, "
				+ result.apps() + " apps, " + result.tasks() + " tasks, " + result.registered() + " registered, "
				+ result.updated() + " updated, " + result.deregistered() + " deregistered, " + result.kvChanges()
				+ " KV changes" + (result.guardTripped() ? ", deregistrations refused by the guard" : ""));
		return result;
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
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

	/**
	 * One run's working state.
	 */
	private final class Run {

		private final String trigger;

		private final boolean force;

		private final Instant startedAt = FullSync.this.clock.instant();

		private final long startNanos = System.nanoTime();

		// When the read of Marathon began: a task whose end was remembered after it is
		// older news than the end, however long the sync takes to reach it.
		private long readNanos = this.startNanos;

		private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

		private final AtomicInteger registered = new AtomicInteger();

		private final AtomicInteger updated = new AtomicInteger();

		private final AtomicInteger deregistered = new AtomicInteger();

		private final AtomicInteger kvChanges = new AtomicInteger();

		private int kvPurged;

		private int apps;

		private int tasks;

		private int desiredCount;

		private int agentCount;

		private int owned;

		private List<String> unreachable = List.of();

		private boolean guardTripped;

		private List<KnownApps.Clash> clashes = List.of();

		private final StringBuilder phases = new StringBuilder();

		private long phaseStart = System.nanoTime();

		private void phase(String name) {
			long now = System.nanoTime();
			this.phases.append((this.phases.length() == 0) ? "" : ", ")
				.append(name)
				.append(' ')
				.append((now - this.phaseStart) / 1_000_000)
				.append(" ms");
			this.phaseStart = now;
		}

		Run(String trigger, boolean force) {
			this.trigger = trigger;
			this.force = force;
		}

		SyncResult execute() {
			String outcome;
			try {
				FullSync.this.leadership.checkLeader();
				sync();
				outcome = this.errors.isEmpty() ? "success" : "partial";
			}
			catch (NotLeaderException ex) {
				outcome = "not-leader";
				this.errors.add(ex.getMessage());
			}
			catch (MarathonException ex) {
				outcome = "failed";
				this.errors.add(0, "Marathon: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				outcome = "failed";
				this.errors.add(0, "interrupted");
			}
			catch (RuntimeException ex) {
				outcome = "failed";
				this.errors.add(0, ex.toString());
				// The message may carry an agent's or Marathon's answer, which may echo a
				// secret: masked, and without the stack that would repeat it.
				logger.warn("Sync failed: " + FullSync.this.activity.redact(ex.toString()));
			}
			List<String> firstErrors;
			synchronized (this.errors) {
				firstErrors = this.errors.subList(0, Math.min(MAX_ERRORS, this.errors.size()))
					.stream()
					.map(FullSync.this.activity::redact)
					.toList();
			}
			logger.info("Sync (" + this.trigger + ") phases: " + this.phases);
			return new SyncResult(this.trigger, this.startedAt, Duration.ofNanos(System.nanoTime() - this.startNanos),
					outcome, this.apps, this.tasks, this.desiredCount, this.agentCount, this.unreachable, this.owned,
					this.registered.get(), this.updated.get(), this.deregistered.get(), this.kvChanges.get(),
					this.kvPurged, this.guardTripped, firstErrors, this.clashes);
		}

		private void sync() throws InterruptedException {
			this.readNanos = System.nanoTime();
			long readNanos = this.readNanos;
			List<MarathonApp> list = FullSync.this.marathon.apps();
			phase("Marathon");
			FullSync.this.knownApps.replace(list, FullSync.this.mapper);
			this.apps = list.size();

			Map<String, DesiredService> desired = new LinkedHashMap<>();
			Set<String> liveNames = new TreeSet<>();
			Set<String> hosts = new LinkedHashSet<>();
			for (MarathonApp app : list) {
				if (FullSync.this.mapper.optedIn(app)) {
					liveNames.add(FullSync.this.mapper.kvName(app.id()));
				}
				// Of apps that map to one name, only the owner's tasks are registered.
				boolean ownsName = FullSync.this.knownApps.serviceOwner(app.id()).equals(app.id());
				for (MarathonTask task : app.taskList()) {
					this.tasks++;
					if (task.host() != null) {
						hosts.add(task.host());
					}
					if (!ownsName || FullSync.this.tombstones.endedAfter(task.id(), readNanos)) {
						// It ended after Marathon answered: the answer is the older news.
						continue;
					}
					for (DesiredService service : FullSync.this.mapper.services(app, task)) {
						desired.put(service.serviceId(), service);
					}
				}
			}
			this.desiredCount = desired.size();
			this.clashes = FullSync.this.knownApps.clashes();
			FullSync.this.reportClashes(this.clashes);

			phase("mapping");
			Set<String> knownHosts = new LinkedHashSet<>(hosts);
			Map<String, List<OwnedService>> found = listAgents(hosts, knownHosts);
			FullSync.this.hosts.replace(knownHosts);
			phase("agents");
			Map<String, List<Placed>> actual = new HashMap<>();
			List<Registered> listed = new ArrayList<>();
			found.forEach((address, services) -> {
				for (OwnedService service : services) {
					this.owned++;
					actual.computeIfAbsent(service.service().id(), (id) -> new ArrayList<>())
						.add(new Placed(address, service));
					listed.add(new Registered(service.service().id(), address, service.taskId(), service.appId(),
							(service.service().service() != null) ? service.service().service() : "",
							this.startNanos - 1));
				}
			});
			FullSync.this.index.replace(listed, this.startNanos, this.unreachable);

			register(desired, actual);
			phase("registrations");
			deregister(desired, actual, list.isEmpty(), this.tasks == 0);
			phase("deregistrations");
			if (FullSync.this.labels != null) {
				// An empty or refused answer must not wipe every app's labels either.
				boolean purgeLabels = !this.guardTripped && (this.force || !list.isEmpty());
				labels(list, liveNames, purgeLabels);
				phase("KV");
			}
		}

		private Map<String, List<OwnedService>> listAgents(Set<String> hosts, Set<String> knownHosts)
				throws InterruptedException {
			Set<String> addresses = new LinkedHashSet<>();
			addresses.add(FullSync.this.agents.centralAddress());
			if (FullSync.this.properties.consul().registerOn() == BridgeProperties.RegisterOn.TASK_HOST) {
				for (String host : hosts) {
					if (HostNames.isValid(host)) {
						addresses.add(FullSync.this.agents.addressOf(host));
					}
					else {
						this.errors.add("Marathon names a task host that is no host name: " + abbreviate(host));
					}
				}
				addresses.addAll(FullSync.this.agents.configuredAgents());
				if (FullSync.this.properties.consul().discoverAgents()) {
					try {
						for (Node node : FullSync.this.agents.central().catalog().nodes(QueryOptions.NONE).value()) {
							String agent = agentOf(node, knownHosts);
							if (agent != null) {
								addresses.add(agent);
							}
						}
					}
					catch (ConsulException ex) {
						this.errors.add("listing the catalog's nodes failed: " + ex.getMessage());
					}
				}
			}
			this.agentCount = addresses.size();
			Map<String, Future<List<OwnedService>>> listings = new LinkedHashMap<>();
			for (String address : addresses) {
				listings.put(address, FullSync.this.pool.submit(() -> FullSync.this.registrar.owned(address)));
			}
			Map<String, List<OwnedService>> found = new LinkedHashMap<>();
			List<String> down = new ArrayList<>();
			for (Map.Entry<String, Future<List<OwnedService>>> listing : listings.entrySet()) {
				try {
					found.put(listing.getKey(), listing.getValue().get());
				}
				catch (ExecutionException ex) {
					down.add(listing.getKey());
					this.errors.add("agent " + listing.getKey() + " could not be listed: " + causeOf(ex));
				}
			}
			this.unreachable = List.copyOf(down);
			return found;
		}

		private @Nullable String agentOf(Node node, Set<String> knownHosts) {
			String address = (node.address() != null && !node.address().isEmpty()) ? node.address() : node.node();
			String byName = FullSync.this.properties.consul().agents().get(node.node());
			if (byName != null) {
				knownHosts.add(node.node());
				return FullSync.this.agents.addressOf(node.node());
			}
			if (!HostNames.isValid(address)) {
				this.errors.add("the catalog names a node address that is no host name: " + abbreviate(address));
				return null;
			}
			knownHosts.add(address);
			if (HostNames.isValid(node.node())) {
				knownHosts.add(node.node());
			}
			return FullSync.this.agents.addressOf(address);
		}

		private void register(Map<String, DesiredService> desired, Map<String, List<Placed>> actual)
				throws InterruptedException {
			List<Callable<Void>> work = new ArrayList<>();
			for (DesiredService service : desired.values()) {
				List<Placed> existing = actual.getOrDefault(service.serviceId(), List.of());
				String target = FullSync.this.agents.addressOf(service.agentHost());
				boolean onTarget = existing.stream()
					.anyMatch((placed) -> placed.address().equals(target) && service.sameAs(placed.owned().service()));
				boolean elsewhere = existing.stream().anyMatch((placed) -> service.sameAs(placed.owned().service()));
				List<Placed> strays = existing.stream().filter((placed) -> !placed.address().equals(target)).toList();
				if (onTarget && strays.isEmpty()) {
					// Remember what is there, so that app events need not write it again
					// (unless an event removed it since the listing).
					FullSync.this.index.putUnlessRemovedSince(
							new Registered(service.serviceId(), target, service.taskId(), service.appId(),
									service.name(), this.startNanos - 1, service.fingerprint()),
							this.startNanos);
					continue;
				}
				if (!onTarget && elsewhere && this.unreachable.contains(target)) {
					// Its host's agent is still down: the fallback copy stays.
					continue;
				}
				work.add(() -> {
					// The snapshot may be seconds old by now (a takeover sync writes
					// thousands of services): a task whose end an event applied since
					// is not registered again.
					if (ended(service)) {
						return null;
					}
					Registrar.Placement placement = onTarget ? new Registrar.Placement(target, false)
							: FullSync.this.registrar.register(service);
					if (!onTarget) {
						(existing.isEmpty() ? this.registered : this.updated).incrementAndGet();
						if (ended(service)
								&& FullSync.this.index.contains(placement.agentAddress(), service.serviceId())) {
							// The end was applied while this registration was on its way
							// (and found nothing to remove): take it back.
							FullSync.this.registrar
								.deregister(new Registered(service.serviceId(), placement.agentAddress(),
										service.taskId(), service.appId(), service.name(), System.nanoTime()));
						}
					}
					for (Placed old : existing) {
						// It moved (back from the fallback agent, typically): remove the
						// other copy, unless an event already did.
						if (!old.address().equals(placement.agentAddress()) && !FullSync.this.index
							.removedSince(old.address(), service.serviceId(), this.startNanos)) {
							FullSync.this.registrar.deregister(new Registered(service.serviceId(), old.address(),
									service.taskId(), service.appId(), service.name(), System.nanoTime()));
						}
					}
					return null;
				});
			}
			runAll(work, "registering");
		}

		private boolean ended(DesiredService service) {
			return FullSync.this.tombstones.endedAfter(service.taskId(), this.readNanos);
		}

		private void deregister(Map<String, DesiredService> desired, Map<String, List<Placed>> actual,
				boolean marathonEmpty, boolean noTasks) throws InterruptedException {
			if (!FullSync.this.properties.sync().purge()) {
				return;
			}
			List<Placed> orphans = new ArrayList<>();
			Map<String, Registered> recent = new HashMap<>();
			for (Registered entry : FullSync.this.index.all()) {
				if (entry.recordedNanos() - this.startNanos > 0) {
					recent.put(entry.serviceId(), entry);
				}
			}
			actual.forEach((serviceId, placements) -> {
				if (desired.containsKey(serviceId) || recent.containsKey(serviceId)) {
					return;
				}
				for (Placed placed : placements) {
					if (placed.owned().problem() != null) {
						FullSync.this.activity.error("sync", "left " + serviceId + " on " + placed.address()
								+ " alone: " + placed.owned().problem());
						continue;
					}
					orphans.add(placed);
				}
			});
			if (orphans.isEmpty()) {
				return;
			}
			BridgeProperties.Guard guard = FullSync.this.properties.sync().guard();
			boolean mass = orphans.size() > guard.minCount() && orphans.size() > guard.maxFraction() * this.owned;
			if (!this.force && (marathonEmpty || noTasks || mass)) {
				this.guardTripped = true;
				String message = "mass-deregistration guard: refused to deregister " + orphans.size() + " of "
						+ this.owned + " services"
						+ (marathonEmpty ? " while Marathon lists no app"
								: noTasks ? " while Marathon lists no task" : "")
						+ "; POST /v1/sync?force=true to deregister them anyway";
				this.errors.add(message);
				FullSync.this.activity.error("guard", message);
				return;
			}
			List<Callable<Void>> work = new ArrayList<>();
			for (Placed orphan : orphans) {
				work.add(() -> {
					if (FullSync.this.index.removedSince(orphan.address(), orphan.owned().service().id(),
							this.startNanos)) {
						// An event deregistered it after the listing: once is enough.
						return null;
					}
					FullSync.this.registrar.deregister(new Registered(orphan.owned().service().id(), orphan.address(),
							orphan.owned().taskId(), orphan.owned().appId(), "", System.nanoTime()));
					this.deregistered.incrementAndGet();
					return null;
				});
			}
			runAll(work, "deregistering");
		}

		private void labels(List<MarathonApp> list, Set<String> liveNames, boolean purgeLabels)
				throws InterruptedException {
			LabelWriter writer = FullSync.this.labels;
			if (writer == null) {
				return;
			}
			// Every folder is read from Consul below; what events remembered is
			// dropped, so that a folder no app owns any more is not trusted either.
			writer.forget();
			List<Callable<Void>> work = new ArrayList<>();
			for (MarathonApp app : list) {
				String name = FullSync.this.mapper.kvName(app.id());
				if (!FullSync.this.mapper.optedIn(app) || !FullSync.this.knownApps.kvOwner(app.id()).equals(app.id())) {
					// Of apps that map to one folder, only the owner's labels are
					// written.
					continue;
				}
				work.add(() -> {
					this.kvChanges.addAndGet(writer.verify(name, app.labelMap()).total());
					return null;
				});
			}
			runAll(work, "writing labels");
			if (purgeLabels && FullSync.this.properties.sync().purge()) {
				try {
					purgeFolders(writer, liveNames);
				}
				catch (ConsulException ex) {
					this.errors.add("purging dead KV folders failed: " + ex.getMessage());
				}
			}
		}

		/**
		 * Delete the KV folders of names no live app has, under a guard of its own: a
		 * partial answer from Marathon could otherwise wipe the labels of apps that have
		 * no service (scaled to zero), where the service guard sees nothing to refuse.
		 */
		private void purgeFolders(LabelWriter writer, Set<String> liveNames) {
			List<String> folders = writer.folderNames();
			List<String> dead = folders.stream().filter((name) -> !liveNames.contains(name)).toList();
			if (dead.isEmpty()) {
				return;
			}
			BridgeProperties.Guard guard = FullSync.this.properties.sync().guard();
			if (!this.force && dead.size() > guard.minCount() && dead.size() > guard.maxFraction() * folders.size()) {
				this.guardTripped = true;
				String message = "mass-deregistration guard: refused to delete " + dead.size() + " of " + folders.size()
						+ " KV folders; POST /v1/sync?force=true to delete them anyway";
				this.errors.add(message);
				FullSync.this.activity.error("guard", message);
				return;
			}
			for (String name : dead) {
				writer.delete(name);
				this.kvPurged++;
			}
		}

		private void runAll(List<Callable<Void>> work, String what) throws InterruptedException {
			if (work.isEmpty()) {
				return;
			}
			List<Future<Void>> futures = FullSync.this.pool.invokeAll(work);
			for (Future<Void> future : futures) {
				try {
					future.get();
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof NotLeaderException notLeader) {
						throw notLeader;
					}
					this.errors.add(what + ": " + causeOf(ex));
				}
			}
		}

	}

	private static String abbreviate(String text) {
		return (text.length() > 64) ? text.substring(0, 64) + "..." : text;
	}

	private record Placed(String address, OwnedService owned) {
	}

	private static String causeOf(ExecutionException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return String.valueOf(cause.getMessage());
	}

}
