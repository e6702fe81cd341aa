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
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.leader.NotLeaderException;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonException;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.consul.ConsulException;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.catalog.Node;

/**
 * One full sync's working state, from reading Marathon to the last write (what
 * {@link FullSync} describes), for one trigger; a new one for every sync.
 */
final class SyncRun {

	// The benchmark and operators follow sync lines under FullSync's name.
	private static final Log logger = LogFactory.getLog(FullSync.class);

	private static final int MAX_ERRORS = 20;

	private final String trigger;

	private final boolean force;

	private final Parts parts;

	private final SyncSources sources;

	private final SyncTargets targets;

	private final SyncPlanner planner;

	private final Instant startedAt;

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

	SyncRun(Parts parts, String trigger, boolean force) {
		this.parts = parts;
		this.sources = parts.sources();
		this.targets = parts.targets();
		this.planner = new SyncPlanner(parts.sources().mapper(), parts.sources().tombstones());
		this.trigger = trigger;
		this.force = force;
		this.startedAt = parts.clock().instant();
	}

	SyncResult execute() {
		SyncOutcome outcome;
		try {
			this.parts.leadership().checkLeader();
			sync();
			outcome = this.errors.isEmpty() ? SyncOutcome.SUCCESS : SyncOutcome.PARTIAL;
		}
		catch (NotLeaderException ex) {
			outcome = SyncOutcome.NOT_LEADER;
			this.errors.add(ex.getMessage());
		}
		catch (MarathonException ex) {
			outcome = SyncOutcome.FAILED;
			this.errors.add(0, "Marathon: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = SyncOutcome.FAILED;
			this.errors.add(0, "interrupted");
		}
		catch (RuntimeException ex) {
			outcome = SyncOutcome.FAILED;
			this.errors.add(0, ex.toString());
			// The message may carry an agent's or Marathon's answer, which may echo a
			// secret: masked, and without the stack that would repeat it.
			logger.warn("Sync failed: " + this.parts.activity().redact(ex.toString()));
		}
		List<String> firstErrors;
		synchronized (this.errors) {
			firstErrors = this.errors.subList(0, Math.min(MAX_ERRORS, this.errors.size()))
				.stream()
				.map(this.parts.activity()::redact)
				.toList();
		}
		logger.info("Sync (" + this.trigger + ") phases: " + this.phases);
		return new SyncResult(this.trigger, this.startedAt, Duration.ofNanos(System.nanoTime() - this.startNanos),
				outcome, this.apps, this.tasks, this.desiredCount, this.agentCount, this.unreachable, this.owned,
				this.registered.get(), this.updated.get(), this.deregistered.get(), this.kvChanges.get(), this.kvPurged,
				this.guardTripped, firstErrors, this.clashes);
	}

	private void sync() throws InterruptedException {
		this.readNanos = System.nanoTime();
		long readNanos = this.readNanos;
		List<MarathonApp> list = this.sources.marathon().apps();
		phase("Marathon");
		this.sources.knownApps().replace(list, this.sources.mapper());
		this.apps = list.size();

		Map<String, DesiredService> desired = new LinkedHashMap<>();
		Set<String> liveNames = new TreeSet<>();
		Set<String> hosts = new LinkedHashSet<>();
		for (MarathonApp app : list) {
			if (this.sources.mapper().optedIn(app)) {
				liveNames.add(this.sources.mapper().kvName(app.id()));
			}
			// Of apps that map to one name, only the owner's tasks are registered.
			boolean ownsName = this.sources.knownApps().serviceOwner(app.id()).equals(app.id());
			for (MarathonTask task : app.taskList()) {
				this.tasks++;
				if (task.host() != null) {
					hosts.add(task.host());
				}
			}
			if (ownsName) {
				this.planner.addDesired(app, app.taskList(), readNanos, desired);
			}
		}
		this.desiredCount = desired.size();
		this.clashes = this.sources.knownApps().clashes();
		this.parts.clashReport().accept(this.clashes);

		phase("mapping");
		Set<String> knownHosts = new LinkedHashSet<>(hosts);
		Map<String, List<OwnedService>> found = listAgents(hosts, knownHosts);
		this.targets.hosts().replace(knownHosts);
		phase("agents");
		Map<String, List<Placed>> actual = new HashMap<>();
		List<Registered> listed = new ArrayList<>();
		found.forEach((address, services) -> {
			for (OwnedService service : services) {
				this.owned++;
				actual.computeIfAbsent(service.service().id(), (id) -> new ArrayList<>())
					.add(new Placed(address, service));
				listed.add(new Registered(service.service().id(), address, service.taskId(), service.appId(),
						(service.service().service() != null) ? service.service().service() : "", this.startNanos - 1));
			}
		});
		this.targets.index().replace(listed, this.startNanos, this.unreachable);

		SyncPlan plan = SyncPlanner.plan(desired, actual.keySet(), (service) -> placedAsDesired(service, actual));
		register(plan, actual);
		phase("registrations");
		deregister(plan, actual, list.isEmpty(), this.tasks == 0);
		phase("deregistrations");
		if (this.targets.labels() != null) {
			// An empty or refused answer must not wipe every app's labels either.
			boolean purgeLabels = !this.guardTripped && (this.force || !list.isEmpty());
			labels(list, liveNames, purgeLabels);
			phase("KV");
		}
	}

	private Map<String, List<OwnedService>> listAgents(Set<String> hosts, Set<String> knownHosts)
			throws InterruptedException {
		Set<String> addresses = new LinkedHashSet<>();
		addresses.add(this.targets.agents().centralAddress());
		if (this.parts.properties().consul().registerOn() == BridgeProperties.RegisterOn.TASK_HOST) {
			for (String host : hosts) {
				if (HostNames.isValid(host)) {
					addresses.add(this.targets.agents().addressOf(host));
				}
				else {
					this.errors.add("Marathon names a task host that is no host name: " + abbreviate(host));
				}
			}
			addresses.addAll(this.targets.agents().configuredAgents());
			if (this.parts.properties().consul().discoverAgents()) {
				try {
					for (Node node : this.targets.agents().central().catalog().nodes(QueryOptions.NONE).value()) {
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
			listings.put(address, this.parts.pool().submit(() -> this.targets.registrar().owned(address)));
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
		String byName = this.parts.properties().consul().agents().get(node.node());
		if (byName != null) {
			knownHosts.add(node.node());
			return this.targets.agents().addressOf(node.node());
		}
		if (!HostNames.isValid(address)) {
			this.errors.add("the catalog names a node address that is no host name: " + abbreviate(address));
			return null;
		}
		knownHosts.add(address);
		if (HostNames.isValid(node.node())) {
			knownHosts.add(node.node());
		}
		return this.targets.agents().addressOf(address);
	}

	/**
	 * Whether a service is registered as desired on its target agent, and nowhere else.
	 */
	private boolean placedAsDesired(DesiredService service, Map<String, List<Placed>> actual) {
		List<Placed> existing = actual.getOrDefault(service.serviceId(), List.of());
		String target = this.targets.agents().addressOf(service.agentHost());
		boolean onTarget = existing.stream()
			.anyMatch((placed) -> placed.address().equals(target) && service.sameAs(placed.owned().service()));
		return onTarget && existing.stream().allMatch((placed) -> placed.address().equals(target));
	}

	private void register(SyncPlan plan, Map<String, List<Placed>> actual) throws InterruptedException {
		for (DesiredService service : plan.inPlace()) {
			// Remember what is there, so that app events need not write it again
			// (unless an event removed it since the listing).
			String target = this.targets.agents().addressOf(service.agentHost());
			this.targets.index()
				.putUnlessRemovedSince(new Registered(service.serviceId(), target, service.taskId(), service.appId(),
						service.name(), this.startNanos - 1, service.fingerprint()), this.startNanos);
		}
		List<Callable<Void>> work = new ArrayList<>();
		for (DesiredService service : plan.register()) {
			List<Placed> existing = actual.getOrDefault(service.serviceId(), List.of());
			String target = this.targets.agents().addressOf(service.agentHost());
			boolean onTarget = existing.stream()
				.anyMatch((placed) -> placed.address().equals(target) && service.sameAs(placed.owned().service()));
			boolean elsewhere = existing.stream().anyMatch((placed) -> service.sameAs(placed.owned().service()));
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
						: this.targets.registrar().register(service);
				if (!onTarget) {
					(existing.isEmpty() ? this.registered : this.updated).incrementAndGet();
					if (ended(service)
							&& this.targets.index().contains(placement.agentAddress(), service.serviceId())) {
						// The end was applied while this registration was on its way
						// (and found nothing to remove): take it back.
						this.targets.registrar()
							.deregister(new Registered(service.serviceId(), placement.agentAddress(), service.taskId(),
									service.appId(), service.name(), System.nanoTime()));
					}
				}
				for (Placed old : existing) {
					// It moved (back from the fallback agent, typically): remove the
					// other copy, unless an event already did.
					if (!old.address().equals(placement.agentAddress()) && !this.targets.index()
						.removedSince(old.address(), service.serviceId(), this.startNanos)) {
						this.targets.registrar()
							.deregister(new Registered(service.serviceId(), old.address(), service.taskId(),
									service.appId(), service.name(), System.nanoTime()));
					}
				}
				return null;
			});
		}
		runAll(work, "registering");
	}

	private boolean ended(DesiredService service) {
		return this.sources.tombstones().endedAfter(service.taskId(), this.readNanos);
	}

	private void deregister(SyncPlan plan, Map<String, List<Placed>> actual, boolean marathonEmpty, boolean noTasks)
			throws InterruptedException {
		if (!this.parts.properties().sync().purge()) {
			return;
		}
		List<Placed> orphans = new ArrayList<>();
		Map<String, Registered> recent = new HashMap<>();
		for (Registered entry : this.targets.index().all()) {
			if (entry.recordedNanos() - this.startNanos > 0) {
				recent.put(entry.serviceId(), entry);
			}
		}
		for (String serviceId : plan.deregister()) {
			if (recent.containsKey(serviceId)) {
				continue;
			}
			for (Placed placed : actual.getOrDefault(serviceId, List.of())) {
				if (placed.owned().problem() != null) {
					this.parts.activity()
						.error("sync", "left " + serviceId + " on " + placed.address() + " alone: "
								+ placed.owned().problem());
					continue;
				}
				orphans.add(placed);
			}
		}
		if (orphans.isEmpty()) {
			return;
		}
		BridgeProperties.Guard guard = this.parts.properties().sync().guard();
		boolean mass = orphans.size() > guard.minCount() && orphans.size() > guard.maxFraction() * this.owned;
		if (!this.force && (marathonEmpty || noTasks || mass)) {
			this.guardTripped = true;
			String message = "mass-deregistration guard: refused to deregister " + orphans.size() + " of " + this.owned
					+ " services"
					+ (marathonEmpty ? " while Marathon lists no app" : noTasks ? " while Marathon lists no task" : "")
					+ "; POST /v1/sync?force=true to deregister them anyway";
			this.errors.add(message);
			this.parts.activity().error("guard", message);
			return;
		}
		List<Callable<Void>> work = new ArrayList<>();
		for (Placed orphan : orphans) {
			work.add(() -> {
				if (this.targets.index()
					.removedSince(orphan.address(), orphan.owned().service().id(), this.startNanos)) {
					// An event deregistered it after the listing: once is enough.
					return null;
				}
				this.targets.registrar()
					.deregister(new Registered(orphan.owned().service().id(), orphan.address(), orphan.owned().taskId(),
							orphan.owned().appId(), "", System.nanoTime()));
				this.deregistered.incrementAndGet();
				return null;
			});
		}
		runAll(work, "deregistering");
	}

	private void labels(List<MarathonApp> list, Set<String> liveNames, boolean purgeLabels)
			throws InterruptedException {
		LabelWriter writer = this.targets.labels();
		if (writer == null) {
			return;
		}
		// Every folder is read from Consul below; what events remembered is
		// dropped, so that a folder no app owns any more is not trusted either.
		writer.forget();
		List<Callable<Void>> work = new ArrayList<>();
		for (MarathonApp app : list) {
			String name = this.sources.mapper().kvName(app.id());
			if (!this.sources.mapper().optedIn(app) || !this.sources.knownApps().kvOwner(app.id()).equals(app.id())) {
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
		if (purgeLabels && this.parts.properties().sync().purge()) {
			try {
				purgeFolders(writer, liveNames);
			}
			catch (ConsulException ex) {
				this.errors.add("purging dead KV folders failed: " + ex.getMessage());
			}
		}
	}

	/**
	 * Delete the KV folders of names no live app has, under a guard of its own: a partial
	 * answer from Marathon could otherwise wipe the labels of apps that have no service
	 * (scaled to zero), where the service guard sees nothing to refuse.
	 */
	private void purgeFolders(LabelWriter writer, Set<String> liveNames) {
		List<String> folders = writer.folderNames();
		List<String> dead = folders.stream().filter((name) -> !liveNames.contains(name)).toList();
		if (dead.isEmpty()) {
			return;
		}
		BridgeProperties.Guard guard = this.parts.properties().sync().guard();
		if (!this.force && dead.size() > guard.minCount() && dead.size() > guard.maxFraction() * folders.size()) {
			this.guardTripped = true;
			String message = "mass-deregistration guard: refused to delete " + dead.size() + " of " + folders.size()
					+ " KV folders; POST /v1/sync?force=true to delete them anyway";
			this.errors.add(message);
			this.parts.activity().error("guard", message);
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
		List<Future<Void>> futures = this.parts.pool().invokeAll(work);
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

	private static String abbreviate(String text) {
		return (text.length() > 64) ? text.substring(0, 64) + "..." : text;
	}

	private record Placed(String address, OwnedService owned) {
	}

	private static String causeOf(ExecutionException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return String.valueOf(cause.getMessage());
	}

	/**
	 * What every run works with.
	 *
	 * @param sources what the run reads
	 * @param targets where it writes
	 * @param leadership checked before writing
	 * @param properties the bridge properties
	 * @param activity notes errors
	 * @param clock the clock
	 * @param pool runs agent calls in parallel
	 * @param clashReport told the name clashes the run found
	 */
	record Parts(SyncSources sources, SyncTargets targets, Leadership leadership, BridgeProperties properties,
			Activity activity, Clock clock, ExecutorService pool, Consumer<List<KnownApps.Clash>> clashReport) {
	}

}
