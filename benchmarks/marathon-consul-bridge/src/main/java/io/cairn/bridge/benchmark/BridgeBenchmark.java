package io.cairn.bridge.benchmark;

import static io.cairn.bridge.benchmark.Bench.HTTP;
import static io.cairn.bridge.benchmark.Bench.JSON;
import static io.cairn.bridge.benchmark.Bench.await;
import static io.cairn.bridge.benchmark.Bench.describe;
import static io.cairn.bridge.benchmark.Bench.get;
import static io.cairn.bridge.benchmark.Bench.loadAverage;
import static io.cairn.bridge.benchmark.Bench.seconds;

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

import io.cairn.bridge.benchmark.EventDriver.Result;
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
		if ("scale".equals(options.get("mode"))) {
			new ScaleBenchmark(options).run();
		}
		else {
			new BridgeBenchmark(options).run();
		}
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
			try (BridgeProcess bridge = BridgeProcess.start(this.options.get("bridge-jar"), "512m", List.of(), marathon,
					consul, hostNames, log)) {
				fullSync(bridge, marathon, consul, apps, tasks);
				latency(bridge, marathon, consul);
				destroyLatency(marathon, consul);
			}
		}
		line("load average at the end: " + loadAverage());
		Path report = Path.of(this.options.get("report"));
		Files.createDirectories(report.getParent());
		Files.writeString(report, this.report);
		System.out.println("\nWritten to " + report);
	}

	// ------------------------------------------------------------------ full sync

	private void fullSync(BridgeProcess bridge, MarathonSimulator marathon, ConsulSimulator consul, int apps, int tasks)
			throws Exception {
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
		JsonNode first = bridge.sync();
		double firstSeconds = seconds(start);
		check(consul, expected, apps * 2);
		line(String.format(Locale.ROOT,
				"bridge, first sync (cold JVM):   %6.2f s  (%s registered, %s KV keys, " + "outcome %s)", firstSeconds,
				first.get("registered"), first.get("kvChanges"), first.get("outcome").asString()));

		start = System.nanoTime();
		JsonNode idle = bridge.sync();
		line(String.format(Locale.ROOT, "bridge, sync with nothing to do: %6.2f s  (%s registered, %s KV changes)",
				seconds(start), idle.get("registered"), idle.get("kvChanges")));

		consul.restart();
		start = System.nanoTime();
		bridge.sync();
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
		bridge.sync();
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

	private void latency(BridgeProcess bridge, MarathonSimulator marathon, ConsulSimulator consul) throws Exception {
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
		EventDriver driver = new EventDriver(marathon, consul, apps, Duration.ofSeconds(60));
		Result warmup = complete(bridge, driver.drive(rate, Math.max(3, seconds / 3)));
		Result loaded = complete(bridge, driver.drive(rate, seconds));
		Result baseline = complete(bridge, driver.drive(baselineRate, seconds));
		line(loaded.describe("at " + rate + " events/s"));
		line(baseline.describe("baseline at " + baselineRate + " events/s"));
		double p99 = loaded.registration().getValueAtPercentile(99) / 1000.0;
		line(String.format(Locale.ROOT,
				"ratio p99 at %d / p99 at %d events/s: %.2f; target p99 under 50 ms at %d events/s: %s", rate,
				baselineRate, p99 / Math.max(0.001, baseline.registration().getValueAtPercentile(99) / 1000.0), rate,
				(p99 < 50) ? "met" : "NOT met"));
		String metrics = get(bridge.uri("/actuator/prometheus")).body();
		for (String metric : metrics.split("\n")) {
			if (metric.startsWith("cairn_bridge_registration_latency_seconds{") && metric.contains("0.99")) {
				line("bridge's own meter (event arrival to registration, whole run): " + metric);
			}
		}
		line("(warm-up: " + warmup.describe("warm-up").trim() + ")");
		line("== Event-to-deregistration latency (a kill published to the old service gone from Consul)");
		line(String.format(Locale.ROOT, "%-28s %s", "at " + rate + " events/s", describe(loaded.deregistration())));
		line(String.format(Locale.ROOT, "%-28s %s", "baseline at " + baselineRate + " events/s",
				describe(baseline.deregistration())));
	}

	private static Result complete(BridgeProcess bridge, Result result) throws Exception {
		if (!result.complete()) {
			System.out.println(
					"still to appear: " + result.notRegistered() + "\nstill to leave: " + result.notDeregistered());
			JsonNode status = bridge.status();
			System.out.println("bridge errors: " + status.get("recentErrors"));
			System.out.println("bridge counts: " + status.get("counts") + " last sync " + status.get("sync"));
			throw new IllegalStateException("Not met within 60 s: the last registrations");
		}
		return result;
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

}
