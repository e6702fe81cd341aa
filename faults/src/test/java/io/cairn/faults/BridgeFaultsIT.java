package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonCluster;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

/**
 * marathon-consul-bridge: two replicas, each in a network namespace of its own, electing
 * a leader through a three-server ZooKeeper ensemble; 1,000 apps of 2 tasks on a
 * two-instance Marathon cluster; tasks killed and replaced at 20 a second (about 200
 * events/s). Every write to Consul goes through a recording proxy per replica, so each is
 * known with its writer and instant and compared with who led in ZooKeeper at that
 * instant. Scenarios: the leader killed with SIGKILL, ZooKeeper's leader killed,
 * ZooKeeper without quorum for 30 s, the leader cut off from ZooKeeper but not from
 * Consul, the Consul agent restarted empty, a Marathon leader change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeFaultsIT {

	private static final String TOKEN = "faults-bridge-token";

	private static final int APPS = 1000;

	private static final int TASKS = 2;

	private static final int HOSTS = 20;

	/** Kills with their replacements per second; each publishes about ten events. */
	private static final int KILLS_PER_SECOND = 20;

	/** The bridges' ZooKeeper session timeout, which bounds a takeover. */
	private static final Duration SESSION = Duration.ofSeconds(10);

	/**
	 * The bridges' periodic full sync, the only repair of a Consul that lost its state.
	 */
	private static final Duration SYNC_INTERVAL = Duration.ofSeconds(60);

	/**
	 * How long after a change at Marathon Consul may lag before it counts as missing or
	 * stale.
	 */
	private static final Duration LAG = Duration.ofSeconds(3);

	private static final Duration QUORUM_LOSS = Duration.ofSeconds(30);

	private static final String LATCH = "/cairn/marathon-consul-bridge/leader";

	private final List<RecordingConsulProxy.Write> writes = RecordingConsulProxy.newLog();

	private final Map<String, NetworkNamespace> namespaces = new HashMap<>();

	private final Map<String, AppProcess> bridges = new HashMap<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

	private final Map<String, Long> killedAt = new ConcurrentHashMap<>();

	private final AtomicBoolean driving = new AtomicBoolean(true);

	private final AtomicLong kills = new AtomicLong();

	private final List<long[]> samples = new ArrayList<>();

	private final AtomicLong printed = new AtomicLong();

	private ZookeeperEnsemble zookeeper;

	private MarathonCluster marathon;

	private ConsulSimulator consul;

	private LeadershipObserver observer;

	@BeforeAll
	void start() throws Exception {
		Scenarios.assumeSelected("bridge");
		NetworkNamespace.leftovers().forEach((name) -> new NetworkNamespace(name, 0).close());
		this.zookeeper = new ZookeeperEnsemble().start();
		String[] hosts = new String[HOSTS];
		for (int i = 0; i < HOSTS; i++) {
			hosts[i] = "agent-" + i;
		}
		this.marathon = MarathonSimulator.builder().version(MarathonVersion.V1_8).hosts(hosts).startCluster(2);
		MarathonSimulator any = this.marathon.any();
		any.faults().loseEvents(true);
		for (int i = 0; i < APPS; i++) {
			any.createApp("{\"id\":\"/faults/app-" + i + "\",\"instances\":" + TASKS + "}");
		}
		any.faults().loseEvents(false);
		this.consul = ConsulSimulator.builder().recordRequests(false).start();
		this.observer = new LeadershipObserver(this.zookeeper.connectString("127.0.0.1"), LATCH);
		int index = 1;
		for (String name : List.of("bridge-a", "bridge-b")) {
			this.bridges.put(name, bridge(name, index++, hosts));
		}
		this.bridges.values().forEach(AppProcess::start);
		CompletableFuture
			.allOf(this.bridges.values()
				.stream()
				.map((bridge) -> CompletableFuture.runAsync(() -> bridge.awaitReady(Duration.ofMinutes(3))))
				.toArray(CompletableFuture[]::new))
			.join();
		Deadline.await("a leading bridge with every task in Consul", Duration.ofMinutes(3),
				() -> this.observer.leader() != null && inconsistency().total() == 0);
		Thread driver = new Thread(this::drive, "marathon-events");
		driver.setDaemon(true);
		driver.start();
		Thread sampler = new Thread(this::sample, "consul-sampler");
		sampler.setDaemon(true);
		sampler.start();
		Deadline.hold(Duration.ofSeconds(10));
		Results steady = new Results("bridge.steady-state");
		Window window = new Window(System.nanoTime() - Duration.ofSeconds(10).toNanos());
		steady.figure("apps", APPS)
			.figure("tasks", APPS * TASKS)
			.figure("leader", this.observer.leader())
			.figure("eventsPerSecond", eventsPerSecond(Duration.ofSeconds(30)));
		window.judge(steady, Duration.ZERO);
		steady.report();
	}

	private AppProcess bridge(String name, int index, String[] hosts) throws IOException {
		NetworkNamespace namespace = new NetworkNamespace("cairn-faults-" + name, index).create();
		this.namespaces.put(name, namespace);
		this.closeables.add(namespace);
		String gateway = namespace.serviceGateway();
		RecordingConsulProxy proxy = new RecordingConsulProxy(name, gateway, this.consul.baseUrl(), this.writes);
		this.closeables.add(proxy);
		// Marathon's instances name each other 127.0.0.1:<port>: inside the namespace
		// those
		// addresses lead, through the veth link, to the host's simulators.
		List<String> forwards = new ArrayList<>();
		List<String> urls = new ArrayList<>();
		for (MarathonSimulator member : this.marathon.members()) {
			this.closeables.add(new TcpForwarder(gateway, member.port(), "127.0.0.1", member.port()));
			forwards.add("127.0.0.1:" + member.port() + "=" + gateway + ":" + member.port());
			urls.add("http://127.0.0.1:" + member.port());
		}
		List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace.name(), Jvm.java(), "-Xmx64m",
				"-XX:+UseSerialGC", "-cp", Jvm.classpath(), TcpForwarder.class.getName()));
		command.addAll(forwards);
		Process forwarder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect
				.appendTo(Jvm.workDirectory("logs").resolve(name + "-forwarder.log").toFile()))
			.start();
		this.closeables.add(forwarder::destroyForcibly);
		List<String> arguments = new ArrayList<>(List.of("--cairn.bridge.marathon.urls=" + String.join(",", urls),
				"--cairn.consul.addresses=" + proxy.address(), "--cairn.consul.use-environment=false",
				"--cairn.bridge.consul.discover-agents=false", "--cairn.bridge.leader.election=zookeeper",
				"--cairn.bridge.leader.id=" + name,
				"--spring.cloud.zookeeper.connect-string=" + this.zookeeper.connectString(namespace.zookeeperGateway()),
				"--spring.cloud.zookeeper.session-timeout=" + SESSION.toSeconds() + "s",
				"--spring.cloud.zookeeper.connection-timeout=5s",
				"--cairn.bridge.sync.interval=" + SYNC_INTERVAL.toSeconds() + "s", "--cairn.security.token=" + TOKEN,
				"--cairn.data-dir=" + Jvm.workDirectory(name), "--logging.level.root=WARN",
				"--logging.level.io.cairn.bridge=INFO"));
		for (String host : hosts) {
			arguments.add("--cairn.bridge.consul.agents." + host + "=" + proxy.address());
		}
		return new AppProcess(name, namespace.name(), Jvm.jar("marathon-consul-bridge"), namespace.address(),
				Jvm.freePort(), "/actuator/health/liveness", arguments);
	}

	@AfterAll
	void stop() {
		this.driving.set(false);
		this.bridges.values().forEach(AppProcess::close);
		for (AutoCloseable closeable : this.closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing the rest anyway.
			}
		}
		if (this.observer != null) {
			this.observer.close();
		}
		if (this.zookeeper != null) {
			this.zookeeper.close();
		}
		if (this.marathon != null) {
			this.marathon.close();
		}
		if (this.consul != null) {
			this.consul.close();
		}
	}

	// ------------------------------------------------------------------ scenarios

	@Test
	@Order(1)
	void killTheLeader() {
		Window window = new Window(System.nanoTime());
		String leader = currentLeader();
		this.bridges.get(leader).kill();
		Duration takeover = Deadline.measure(Duration.ofSeconds(60),
				() -> this.observer.leader() != null && !leader.equals(this.observer.leader()));
		Duration consistent = awaitConsistent(window.start, Duration.ofSeconds(90));
		Results results = new Results("bridge.kill-9-leader");
		results.figure("killed", leader).within("takeover", takeover, SESSION.plusSeconds(10));
		window.judge(results, consistent, SESSION.plusSeconds(20));
		restart(leader);
		results.report();
	}

	@Test
	@Order(2)
	void killTheZookeeperLeader() {
		Window window = new Window(System.nanoTime());
		ZookeeperEnsemble.Server server = this.zookeeper.leader();
		server.kill();
		Deadline.hold(Duration.ofSeconds(5));
		Duration consistent = awaitConsistent(window.start, Duration.ofSeconds(90));
		Results results = new Results("bridge.zookeeper-leader-killed");
		results.figure("killed", server);
		window.judge(results, consistent, SESSION.plusSeconds(20));
		server.start();
		Deadline.await(server + " back in the ensemble", Duration.ofSeconds(60), () -> server.mode() != null);
		results.report();
	}

	@Test
	@Order(3)
	void zookeeperQuorumLost() {
		Window window = new Window(System.nanoTime());
		ZookeeperEnsemble.Server leader = this.zookeeper.leader();
		List<ZookeeperEnsemble.Server> stopped = new ArrayList<>(List.of(leader));
		for (ZookeeperEnsemble.Server server : this.zookeeper.servers()) {
			if (stopped.size() < 2 && server != leader) {
				stopped.add(server);
			}
		}
		stopped.forEach(ZookeeperEnsemble.Server::kill);
		Deadline.hold(QUORUM_LOSS);
		long restartedAt = System.nanoTime();
		stopped.forEach(ZookeeperEnsemble.Server::start);
		Duration quorum = Deadline.measure(Duration.ofSeconds(60), () -> this.zookeeper.leader() != null);
		Duration sinceRestart = awaitConsistent(restartedAt, Duration.ofSeconds(120));
		Duration consistent = sinceRestart.isNegative() ? sinceRestart
				: sinceRestart.plusNanos(restartedAt - window.start);
		Results results = new Results("bridge.zookeeper-quorum-lost-" + QUORUM_LOSS.toSeconds() + "s");
		results.seconds("quorumBackAfterRestart", quorum)
			.within("consistentAfterQuorumBack", sinceRestart, SESSION.plusSeconds(30));
		window.judge(results, consistent);
		results.report();
	}

	@Test
	@Order(4)
	void leaderPartitionedFromZookeeper() {
		Window window = new Window(System.nanoTime());
		String leader = currentLeader();
		NetworkNamespace namespace = this.namespaces.get(leader);
		long cut = System.nanoTime();
		namespace.partitionFromZookeeper();
		try {
			Duration takeover = Deadline.measure(Duration.ofSeconds(90),
					() -> this.observer.leader() != null && !leader.equals(this.observer.leader()));
			long nodeGone = cut + Math.max(0, takeover.toNanos());
			Duration consistent = awaitConsistent(window.start, Duration.ofSeconds(90));
			long byCutLeader = writesSince(cut).stream()
				.filter((write) -> write.replica.equals(leader) && write.at < nodeGone)
				.count();
			long lastWrite = writesSince(cut).stream()
				.filter((write) -> write.replica.equals(leader))
				.mapToLong((write) -> write.at)
				.max()
				.orElse(cut);
			Results results = new Results("bridge.leader-partitioned-from-zookeeper");
			results.figure("partitioned", leader)
				.within("takeover", takeover, SESSION.plusSeconds(10))
				.figure("writesByCutLeaderBeforeItsSessionEnded", byCutLeader)
				.seconds("cutLeaderLastWroteAfterCut", Duration.ofNanos(lastWrite - cut));
			window.judge(results, consistent, SESSION.plusSeconds(20));
			namespace.healZookeeper();
			Deadline.await(leader + " back in the election", Duration.ofSeconds(90),
					() -> this.observer.leader() != null && followerConnected(leader));
			results.report();
		}
		finally {
			namespace.healZookeeper();
		}
	}

	@Test
	@Order(5)
	void consulRestartedEmpty() {
		Window window = new Window(System.nanoTime());
		this.consul.restart();
		Duration consistent = awaitConsistent(window.start, SYNC_INTERVAL.plusSeconds(60));
		Results results = new Results("bridge.consul-restarted-empty");
		results.figure("syncInterval", SYNC_INTERVAL.toSeconds() + "s");
		window.judge(results, consistent, SYNC_INTERVAL.plusSeconds(20));
		results.report();
	}

	@Test
	@Order(6)
	void marathonLeaderChange() {
		Window window = new Window(System.nanoTime());
		MarathonSimulator next = this.marathon.failover();
		Duration consistent = awaitConsistent(window.start, Duration.ofSeconds(60));
		Results results = new Results("bridge.marathon-leader-change");
		results.figure("newMarathonLeader", next.hostPort());
		window.judge(results, consistent, Duration.ofSeconds(20));
		results.report();
	}

	// ------------------------------------------------------------------ helpers

	/** The writes recorded after an instant, copied under the log's lock. */
	private List<RecordingConsulProxy.Write> writesSince(long since) {
		synchronized (this.writes) {
			return this.writes.stream().filter((write) -> write.at > since).toList();
		}
	}

	private String currentLeader() {
		Deadline.await("a bridge leads", Duration.ofSeconds(60), () -> this.observer.leader() != null);
		return this.observer.leader();
	}

	private void restart(String name) {
		AppProcess bridge = this.bridges.get(name);
		bridge.start();
		bridge.awaitReady(Duration.ofMinutes(3));
		Deadline.await(name + " back in the election", Duration.ofSeconds(60), () -> followerConnected(name));
	}

	private boolean followerConnected(String name) {
		try {
			JsonNode status = Http.getJson(this.bridges.get(name).uri("/v1/status"));
			String role = status.path("role").asString();
			return role.equals("follower") || role.equals("leader");
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Wait until Consul matches Marathon (up to the lag); the time it took, or negative.
	 */
	private Duration awaitConsistent(long since, Duration timeout) {
		Duration took = Deadline.measure(timeout, () -> inconsistency().total() == 0);
		return took.isNegative() ? took : Duration.ofNanos(System.nanoTime() - since);
	}

	record Inconsistency(int missing, int stale, List<String> examples) {

		int total() {
			return this.missing + this.stale;
		}

	}

	/**
	 * Running tasks (older than the lag) without a service in Consul, and services in
	 * Consul whose task is not running (killed longer ago than the lag, or unknown).
	 */
	private Inconsistency inconsistency() {
		JsonNode services;
		try {
			services = Http.getJson(this.consul.baseUrl().resolve("/v1/agent/services"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		long now = System.nanoTime();
		long lag = LAG.toNanos();
		Set<String> running = new HashSet<>();
		List<String> examples = new ArrayList<>();
		int missing = 0;
		for (TaskInfo task : this.marathon.any().allTasks()) {
			if (!task.state().equals("TASK_RUNNING")) {
				continue;
			}
			running.add(task.id());
			Long started = this.startedAt.get(task.id());
			if (!services.has(task.id()) && (started == null || now - started > lag)) {
				missing++;
				if (examples.size() < 2) {
					examples.add("missing " + task.id() + " started "
							+ ((started != null) ? (now - started) / 1_000_000 + "ms ago" : "before the run")
							+ history(task.id(), now));
				}
			}
		}
		int stale = 0;
		for (String id : services.propertyNames()) {
			if (!running.contains(id)) {
				Long killed = this.killedAt.get(id);
				if (killed == null || now - killed > lag) {
					stale++;
					if (examples.size() < 4) {
						examples.add("stale " + id + " killed "
								+ ((killed != null) ? (now - killed) / 1_000_000 + "ms ago" : "?") + history(id, now));
					}
				}
			}
		}
		return new Inconsistency(missing, stale, examples);
	}

	/** The Consul writes about one service, for reports. */
	private String history(String serviceId, long now) {
		StringBuilder text = new StringBuilder("; writes:");
		synchronized (this.writes) {
			for (RecordingConsulProxy.Write write : this.writes) {
				if (serviceId.equals(write.serviceId)) {
					text.append(' ')
						.append(write.isRegistration() ? "register" : "deregister")
						.append(" by ")
						.append(write.replica)
						.append(' ')
						.append((now - write.at) / 1_000_000)
						.append("ms ago (")
						.append(write.status)
						.append(')');
				}
			}
		}
		return text.toString();
	}

	/**
	 * Samples Consul against Marathon every 2 s for the whole run: what a scenario's
	 * start and end alone would not show, drift while nothing is failing.
	 */
	private void sample() {
		while (this.driving.get()) {
			try {
				Inconsistency now = inconsistency();
				synchronized (this.samples) {
					this.samples.add(new long[] { System.nanoTime(), now.missing(), now.stale() });
				}
				if (now.total() > 0 && now.examples().size() > 0 && this.printed.incrementAndGet() % 10 == 1) {
					System.out.println("bridge: drift " + now.missing() + " missing, " + now.stale() + " stale: "
							+ now.examples());
				}
			}
			catch (RuntimeException ex) {
				// Consul restarting: the next sample.
			}
			Deadline.hold(Duration.ofSeconds(2));
		}
	}

	/** The largest missing and stale counts sampled after an instant. */
	private String worstSince(long since) {
		long missing = 0;
		long stale = 0;
		synchronized (this.samples) {
			for (long[] sample : this.samples) {
				if (sample[0] > since) {
					missing = Math.max(missing, sample[1]);
					stale = Math.max(stale, sample[2]);
				}
			}
		}
		return missing + "/" + stale;
	}

	/** Kills and replacements at a steady rate, as Marathon would publish them. */
	private void drive() {
		long interval = 1_000_000_000L / KILLS_PER_SECOND;
		long next = System.nanoTime();
		while (this.driving.get()) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				Deadline.hold(Duration.ofNanos(wait));
			}
			next += interval;
			try {
				MarathonSimulator any = this.marathon.any();
				String app = "/faults/app-" + ThreadLocalRandom.current().nextInt(APPS);
				List<TaskInfo> tasks = any.tasks(app);
				if (tasks.isEmpty()) {
					continue;
				}
				TaskInfo victim = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
				long now = System.nanoTime();
				this.killedAt.put(victim.id(), now);
				any.killTask(victim.id());
				this.kills.incrementAndGet();
				for (TaskInfo task : any.tasks(app)) {
					this.startedAt.putIfAbsent(task.id(), now);
				}
			}
			catch (RuntimeException ex) {
				// Marathon refused (no leader): the next one.
			}
		}
	}

	private String eventsPerSecond(Duration over) {
		long before = this.marathon.any().eventCount();
		Deadline.hold(over);
		return String.format(java.util.Locale.ROOT, "%.0f",
				(this.marathon.any().eventCount() - before) / (double) over.toSeconds());
	}

	/**
	 * The writes to Consul from a scenario's start on, judged against ZooKeeper's
	 * timeline, and the consistency it ended with.
	 */
	final class Window {

		final long start;

		Window(long start) {
			this.start = start;
		}

		void judge(Results results, Duration consistent) {
			judge(results, consistent, null);
		}

		void judge(Results results, Duration consistent, @Nullable Duration bound) {
			List<RecordingConsulProxy.Write> window = writesSince(this.start);
			int nonLeader = 0;
			int unknown = 0;
			List<String> examples = new ArrayList<>();
			for (RecordingConsulProxy.Write write : window) {
				LeadershipObserver.Verdict verdict = BridgeFaultsIT.this.observer.judge(write.replica, write.at);
				if (verdict == LeadershipObserver.Verdict.NOT_LEADER) {
					nonLeader++;
					if (examples.size() < 3) {
						examples.add(write + " at +" + (write.at - this.start) / 1_000_000 + "ms");
					}
				}
				else if (verdict == LeadershipObserver.Verdict.UNKNOWN) {
					unknown++;
				}
			}
			int duplicates = duplicateDeregistrations(this.start);
			if (bound != null) {
				results.within("consistentAfter", consistent, bound);
			}
			else {
				results.seconds("consistentAfterFaultStart", consistent);
			}
			Inconsistency now = inconsistency();
			results.figure("consulWrites", window.size())
				.figure("worstMissingStaleSampled", worstSince(this.start))
				.figure("writesByNonLeader", nonLeader)
				.figure("writesWhileLeaderUnknown", unknown)
				.figure("duplicateDeregistrations", duplicates)
				.figure("missingAtEnd", now.missing())
				.figure("staleAtEnd", now.stale())
				.figure("leaderChanges", BridgeFaultsIT.this.observer.changesSince(this.start))
				.require(nonLeader == 0, "no Consul write by a replica that was not leader " + examples)
				.require(!consistent.isNegative(), "Consul matches Marathon again");
		}

	}

	/**
	 * Deregistrations (answered 200) of a service whose previous write, by either
	 * replica, was already a deregistration answered 200.
	 */
	private int duplicateDeregistrations(long since) {
		Map<String, RecordingConsulProxy.Write> deregistered = new HashMap<>();
		int duplicates = 0;
		synchronized (this.writes) {
			for (RecordingConsulProxy.Write write : this.writes) {
				if (write.serviceId == null || write.status != 200) {
					continue;
				}
				if (write.isRegistration()) {
					deregistered.remove(write.serviceId);
				}
				else if (write.isDeregistration()) {
					RecordingConsulProxy.Write first = deregistered.put(write.serviceId, write);
					if (first != null && write.at >= since) {
						duplicates++;
						if (duplicates <= 3) {
							Long killed = this.killedAt.get(write.serviceId);
							System.out.println("bridge: deregistered twice: " + write.serviceId + " by " + first.replica
									+ " at +" + (first.at - since) / 1_000_000 + "ms and by " + write.replica + " at +"
									+ (write.at - since) / 1_000_000 + "ms (killed at "
									+ ((killed != null) ? "+" + (killed - since) / 1_000_000 + "ms" : "?") + ")");
						}
					}
				}
			}
		}
		return duplicates;
	}

}
