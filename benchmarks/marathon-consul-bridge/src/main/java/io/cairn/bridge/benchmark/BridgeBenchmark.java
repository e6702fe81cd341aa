package io.cairn.bridge.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

/**
 * The packaged bridge (its own JVM, real HTTP) against the Marathon and Consul simulators
 * (this JVM), on one machine:
 * <ol>
 * <li><b>Full sync</b> of {@code apps x tasks} tasks spread over {@code hosts} agents,
 * each app with two labels, into an empty Consul, through {@code POST /v1/sync}; against
 * a <b>Consular-style</b> sync measured in the same run: one request at a time, one app's
 * tasks per request ({@code GET /v2/apps/<id>/tasks}), one registration and one label
 * write per request, as Consular did (with kept-alive connections, which favours
 * it).</li>
 * <li><b>Event-to-registration latency</b>: tasks killed and replaced by Marathon at a
 * steady rate producing {@code rate} events per second (each kill and replacement
 * publishes about ten events), from the moment Marathon published the replacement's
 * {@code TASK_RUNNING} to the moment its service is in Consul (and from the kill to the
 * old service's removal); against the same measured at {@code baseline-rate} events per
 * second.</li>
 * <li><b>Event-to-deregistration latency</b>: from the kills above (the kill published to
 * the old service gone from Consul), and from apps destroyed one at a time (Marathon's
 * {@code app_terminated_event} published to the last of the app's services, and its KV
 * folder, gone).</li>
 * </ol>
 * Prints the figures and writes them to the report file.
 */
public final class BridgeBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, String> options;

	private final StringBuilder report = new StringBuilder();

	private BridgeBenchmark(Map<String, String> options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		new BridgeBenchmark(options).run();
		System.exit(0);
	}

	private int option(String name) {
		return Integer.parseInt(this.options.get(name));
	}

	private void line(String text) {
		System.out.println(text);
		this.report.append(text).append('\n');
	}

	private void run() throws Exception {
		int apps = option("apps");
		int tasks = option("tasks");
		int hosts = option("hosts");
		String[] hostNames = new String[hosts];
		for (int i = 0; i < hosts; i++) {
			hostNames[i] = "agent-" + i;
		}
		line("marathon-consul-bridge benchmark, " + Instant.now());
		line("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ System.getProperty("java.version") + "; bridge and simulators share the machine; load average "
				+ loadAverage());
		line("");
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_8)
			.hosts(hostNames)
			.start(); ConsulSimulator consul = ConsulSimulator.builder().recordRequests(false).start()) {
			Path log = Path.of(this.options.get("report")).resolveSibling("bridge.log");
			Process bridge = startBridge(marathon, consul, hostNames, log);
			try {
				fullSync(marathon, consul, apps, tasks);
				latency(marathon, consul);
				destroyLatency(marathon, consul);
			}
			finally {
				bridge.destroy();
				bridge.waitFor(30, TimeUnit.SECONDS);
			}
		}
		line("load average at the end: " + loadAverage());
		Path report = Path.of(this.options.get("report"));
		Files.createDirectories(report.getParent());
		Files.writeString(report, this.report);
		System.out.println("\nWritten to " + report);
	}

	// ------------------------------------------------------------------ the bridge

	private int port;

	private Process startBridge(MarathonSimulator marathon, ConsulSimulator consul, String[] hosts, Path log)
			throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
				this.options.get("bridge-jar"), "--server.port=" + this.port,
				"--cairn.bridge.marathon.urls=" + marathon.baseUrl(), "--cairn.consul.addresses=" + consul.address(),
				"--cairn.consul.use-environment=false", "--cairn.bridge.leader.election=none",
				"--cairn.bridge.sync.interval=0s", "--cairn.bridge.consul.discover-agents=false",
				"--logging.level.root=WARN", "--logging.level.io.cairn.bridge.sync=INFO"));
		for (String host : hosts) {
			// Every host's agent is the one simulated agent: the per-host path, one
			// process.
			command.add("--cairn.bridge.consul.agents." + host + "=" + consul.address());
		}
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			// Five minutes: on a machine shared by several builds the bridge took over
			// two to start.
			await("the bridge leads with its stream connected", Duration.ofMinutes(5), () -> {
				try {
					JsonNode status = JSON.readTree(get(bridgeUri("/v1/status")).body());
					return status.get("role").asString().equals("leader")
							&& status.get("marathon").get("stream").asString().equals("connected");
				}
				catch (Exception ex) {
					return false;
				}
			});
		}
		catch (RuntimeException | InterruptedException ex) {
			// Otherwise the bridge outlives the benchmark that gave up on it.
			process.destroyForcibly();
			throw ex;
		}
		return process;
	}

	private URI bridgeUri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private JsonNode sync() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(bridgeUri("/v1/sync"))
			.timeout(Duration.ofMinutes(10))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST /v1/sync answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	// ------------------------------------------------------------------ full sync

	private void fullSync(MarathonSimulator marathon, ConsulSimulator consul, int apps, int tasks) throws Exception {
		marathon.faults().loseEvents(true);
		for (int i = 0; i < apps; i++) {
			marathon.createApp("{\"id\":\"/bench/app-" + i + "\",\"instances\":" + tasks
					+ ",\"labels\":{\"domain\":\"app-" + i + ".example.org\",\"owner\":\"team-" + (i % 17) + "\"}}");
		}
		marathon.faults().loseEvents(false);
		int expected = apps * tasks;
		line("== Full sync: " + expected + " tasks in " + apps + " apps on " + option("hosts")
				+ " hosts, 2 labels each, into an empty Consul");

		long start = System.nanoTime();
		JsonNode first = sync();
		double firstSeconds = seconds(start);
		check(consul, expected, apps * 2);
		line(String.format(Locale.ROOT,
				"bridge, first sync (cold JVM):   %6.2f s  (%s registered, %s KV keys, " + "outcome %s)", firstSeconds,
				first.get("registered"), first.get("kvChanges"), first.get("outcome").asString()));

		start = System.nanoTime();
		JsonNode idle = sync();
		line(String.format(Locale.ROOT, "bridge, sync with nothing to do: %6.2f s  (%s registered, %s KV changes)",
				seconds(start), idle.get("registered"), idle.get("kvChanges")));

		consul.restart();
		start = System.nanoTime();
		sync();
		double warmSeconds = seconds(start);
		check(consul, expected, apps * 2);
		line(String.format(Locale.ROOT, "bridge, after Consul lost its state (warm JVM): %6.2f s", warmSeconds));

		consul.restart();
		start = System.nanoTime();
		int calls = new ConsularStyleSync(marathon.baseUrl(), consul.baseUrl()).run();
		double baselineSeconds = seconds(start);
		check(consul, expected, apps * 2);
		line(String.format(Locale.ROOT, "baseline, Consular-style sequential sync: %6.2f s  (%d HTTP requests)",
				baselineSeconds, calls));
		line(String.format(Locale.ROOT, "ratio baseline / bridge (warm): %.1fx faster; target under 10 s: %s",
				baselineSeconds / warmSeconds, (warmSeconds < 10 && firstSeconds < 10) ? "met" : "NOT met"));
		line("");
		// Back to the bridge's own registrations for the latency runs.
		consul.restart();
		sync();
		check(consul, expected, apps * 2);
	}

	private static void check(ConsulSimulator consul, int services, int keys) throws Exception {
		JsonNode registered = JSON.readTree(get(URI.create(consul.baseUrl() + "/v1/agent/services")).body());
		JsonNode kv = JSON.readTree(get(URI.create(consul.baseUrl() + "/v1/kv/consular/?keys")).body());
		if (registered.size() != services || kv.size() != keys) {
			throw new IllegalStateException("Consul holds " + registered.size() + " services and " + kv.size()
					+ " keys, not " + services + " and " + keys);
		}
	}

	/**
	 * What Consular's sync did, request by request, one at a time.
	 */
	static final class ConsularStyleSync {

		private final URI marathon;

		private final URI consul;

		private int calls;

		ConsularStyleSync(URI marathon, URI consul) {
			this.marathon = marathon;
			this.consul = consul;
		}

		int run() throws Exception {
			JsonNode apps = JSON.readTree(call("GET", this.marathon + "/v2/apps", null)).get("apps");
			for (JsonNode app : apps) {
				String id = app.get("id").asString();
				String name = id.substring(1).replace('/', '-');
				for (Map.Entry<String, JsonNode> label : app.get("labels").properties()) {
					call("PUT", this.consul + "/v1/kv/consular/" + name + "/" + label.getKey(),
							JSON.writeValueAsString(label.getValue().asString()));
				}
				call("GET", this.consul + "/v1/kv/consular/" + name + "?keys", null);
				JsonNode tasks = JSON.readTree(call("GET", this.marathon + "/v2/apps" + id + "/tasks", null))
					.get("tasks");
				for (JsonNode task : tasks) {
					if (!task.get("state").asString().equals("TASK_RUNNING")) {
						continue;
					}
					int port = Integer.MAX_VALUE;
					for (JsonNode p : task.get("ports")) {
						port = Math.min(port, p.asInt());
					}
					String body = "{\"Name\":\"" + name + "\",\"ID\":\"" + task.get("id").asString()
							+ "\",\"Address\":\"" + task.get("host").asString() + "\",\"Port\":" + port
							+ ",\"Tags\":[\"consular-reg-id=consular\",\"consular-app-id=" + id + "\"]}";
					// Consular sent this to http://<task host>:8500; every host is this
					// agent here.
					call("PUT", this.consul + "/v1/agent/service/register", body);
				}
			}
			return this.calls;
		}

		private String call(String method, String url, String body) throws Exception {
			this.calls++;
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/json")
				.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
						: HttpRequest.BodyPublishers.noBody());
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400 && response.statusCode() != 404) {
				throw new IllegalStateException(method + " " + url + " answered " + response.statusCode());
			}
			return response.body();
		}

	}

	// ------------------------------------------------------------------ latency

	private void latency(MarathonSimulator marathon, ConsulSimulator consul) throws Exception {
		List<String> apps = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String app = "/latency/app-" + i;
			apps.add(app);
			marathon.createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		}
		await("the latency apps registered", Duration.ofSeconds(60), () -> apps.stream()
			.allMatch((app) -> marathon.tasks(app).stream().allMatch((task) -> consul.hasService(task.id()))));
		int rate = option("rate");
		int baselineRate = option("baseline-rate");
		int seconds = option("seconds");
		line("== Event-to-registration latency: tasks killed and replaced (about 10 events each), " + seconds
				+ " s per rate after a warm-up, end to end (Marathon's event to the service in Consul)");
		Result warmup = drive(marathon, consul, apps, rate, Math.max(3, seconds / 3));
		Result loaded = drive(marathon, consul, apps, rate, seconds);
		Result baseline = drive(marathon, consul, apps, baselineRate, seconds);
		line(loaded.describe("at " + rate + " events/s"));
		line(baseline.describe("baseline at " + baselineRate + " events/s"));
		double p99 = loaded.registration.getValueAtPercentile(99) / 1000.0;
		line(String.format(Locale.ROOT,
				"ratio p99 at %d / p99 at %d events/s: %.2f; target p99 under 50 ms at %d events/s: %s", rate,
				baselineRate, p99 / Math.max(0.001, baseline.registration.getValueAtPercentile(99) / 1000.0), rate,
				(p99 < 50) ? "met" : "NOT met"));
		String metrics = get(bridgeUri("/actuator/prometheus")).body();
		for (String metric : metrics.split("\n")) {
			if (metric.startsWith("cairn_bridge_registration_latency_seconds{") && metric.contains("0.99")) {
				line("bridge's own meter (event arrival to registration, whole run): " + metric);
			}
		}
		line("(warm-up: " + warmup.describe("warm-up").trim() + ")");
		line("== Event-to-deregistration latency (a kill published to the old service gone from Consul)");
		line(String.format(Locale.ROOT, "%-28s %s", "at " + rate + " events/s", describe(loaded.deregistration)));
		line(String.format(Locale.ROOT, "%-28s %s", "baseline at " + baselineRate + " events/s",
				describe(baseline.deregistration)));
	}

	private void destroyLatency(MarathonSimulator marathon, ConsulSimulator consul) throws Exception {
		int count = Integer.parseInt(this.options.getOrDefault("destroys", "40"));
		List<String> apps = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String app = "/destroyed/app-" + i;
			apps.add(app);
			marathon.createApp(
					"{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"domain\":\"d" + i + ".example.org\"}}");
		}
		await("the apps to destroy registered, with their labels", Duration.ofSeconds(60),
				() -> apps.stream()
					.allMatch((app) -> marathon.tasks(app).size() == 2
							&& marathon.tasks(app).stream().allMatch((task) -> consul.hasService(task.id()))
							&& hasKv(consul, app)));
		Histogram services = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		Histogram folders = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		for (String app : apps) {
			List<String> taskIds = marathon.tasks(app).stream().map(TaskInfo::id).toList();
			long published = System.nanoTime();
			marathon.destroyApp(app);
			boolean servicesGone = false;
			boolean folderGone = false;
			long deadline = published + TimeUnit.SECONDS.toNanos(60);
			while (!(servicesGone && folderGone)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not deregistered within 60 s: " + app);
				}
				if (!servicesGone && taskIds.stream().noneMatch(consul::hasService)) {
					servicesGone = true;
					services.recordValue(Math.max(1, (System.nanoTime() - published) / 1000));
				}
				if (!folderGone && !hasKv(consul, app)) {
					folderGone = true;
					folders.recordValue(Math.max(1, (System.nanoTime() - published) / 1000));
				}
				LockSupport.parkNanos(200_000);
			}
			// One destroyed app at a time: the figure is the path's, not a queue's.
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		line("== App destroyed to deregistration (" + count
				+ " apps of 2 tasks, one at a time; app_terminated_event published to Consul)");
		line(String.format(Locale.ROOT, "%-28s %s", "services gone", describe(services)));
		line(String.format(Locale.ROOT, "%-28s %s", "KV folder gone", describe(folders)));
		line("");
	}

	private static boolean hasKv(ConsulSimulator consul, String app) {
		try {
			return get(
					URI.create(consul.baseUrl() + "/v1/kv/consular/" + app.substring(1).replace('/', '-') + "/?keys"))
				.statusCode() == 200;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String describe(Histogram histogram) {
		return String.format(Locale.ROOT, "p50 %6.1f ms, p90 %6.1f, p99 %6.1f, max %6.1f (%d samples)",
				histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0,
				histogram.getTotalCount());
	}

	private Result drive(MarathonSimulator marathon, ConsulSimulator consul, List<String> apps, int eventsPerSecond,
			int seconds) throws Exception {
		Histogram registration = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		Histogram deregistration = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		Map<String, Long> appearing = new ConcurrentHashMap<>();
		Map<String, Long> leaving = new ConcurrentHashMap<>();
		Thread watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				long now = System.nanoTime();
				appearing.forEach((id, since) -> {
					if (consul.hasService(id) && appearing.remove(id) != null) {
						synchronized (registration) {
							registration.recordValue(Math.max(1, (System.nanoTime() - since) / 1000));
						}
					}
				});
				leaving.forEach((id, since) -> {
					if (!consul.hasService(id) && leaving.remove(id) != null) {
						synchronized (deregistration) {
							deregistration.recordValue(Math.max(1, (System.nanoTime() - since) / 1000));
						}
					}
				});
				if (System.nanoTime() - now < 200_000) {
					LockSupport.parkNanos(200_000);
				}
			}
		}, "latency-watcher");
		watcher.setDaemon(true);
		watcher.start();
		// A kill with its replacement publishes about ten events.
		double eventsPerOperation = 10.0;
		long interval = (long) (1_000_000_000L * eventsPerOperation / eventsPerSecond);
		long firstEvent = marathon.eventCount();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		long next = start;
		int operations = 0;
		while (next < end) {
			LockSupport.parkNanos(next - System.nanoTime());
			// Only tasks already registered are killed: a replacement killed before the
			// bridge
			// saw it run is, rightly, never registered.
			String app;
			List<TaskInfo> tasks;
			do {
				app = apps.get(ThreadLocalRandom.current().nextInt(apps.size()));
				tasks = marathon.tasks(app).stream().filter((task) -> !appearing.containsKey(task.id())).toList();
			}
			while (tasks.isEmpty());
			TaskInfo victim = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
			marathon.killTask(victim.id());
			long published = System.nanoTime();
			leaving.put(victim.id(), published);
			for (TaskInfo task : marathon.tasks(victim.appId())) {
				if (task.instanceId().equals(victim.instanceId()) && !task.id().equals(victim.id())) {
					appearing.put(task.id(), published);
				}
			}
			operations++;
			next += interval;
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long events = marathon.eventCount() - firstEvent;
		try {
			await("the last registrations", Duration.ofSeconds(60), () -> appearing.isEmpty() && leaving.isEmpty());
		}
		catch (IllegalStateException ex) {
			System.out.println("still to appear: " + appearing.keySet() + "\nstill to leave: " + leaving.keySet());
			JsonNode status = JSON.readTree(get(bridgeUri("/v1/status")).body());
			System.out.println("bridge errors: " + status.get("recentErrors"));
			System.out.println("bridge counts: " + status.get("counts") + " last sync " + status.get("sync"));
			throw ex;
		}
		watcher.interrupt();
		watcher.join();
		return new Result(events / elapsed, operations, registration, deregistration);
	}

	record Result(double eventsPerSecond, int operations, Histogram registration, Histogram deregistration) {

		String describe(String label) {
			return String.format(Locale.ROOT,
					"%-28s %6.1f events/s, %d kills+replacements; registration p50 %6.1f ms, p90 %6.1f, p99 %6.1f, "
							+ "max %6.1f; deregistration p50 %6.1f ms, p99 %6.1f",
					label, this.eventsPerSecond, this.operations, ms(this.registration, 50), ms(this.registration, 90),
					ms(this.registration, 99), this.registration.getMaxValue() / 1000.0, ms(this.deregistration, 50),
					ms(this.deregistration, 99));
		}

		private static double ms(Histogram histogram, double percentile) {
			return histogram.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	// ------------------------------------------------------------------ plumbing

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not met within " + timeout + ": " + what);
			}
			Thread.sleep(20);
		}
	}

}
