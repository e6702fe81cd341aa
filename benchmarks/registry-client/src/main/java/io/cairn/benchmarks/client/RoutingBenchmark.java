package io.cairn.benchmarks.client;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.Registration;
import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryException;
import io.cairn.registry.client.RegistryObserver;
import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * Time from a new instance's registration to the first request a {@code @LoadBalanced}
 * {@code RestClient} routes to it, with registry-client against registry-service and with
 * the stock Eureka client against a stock Eureka server, in one run; then each client's
 * CPU per renewal.
 * <p>
 * Everything runs on this machine: the two servers from their jars, each caller as a
 * Spring Boot process of its own ({@link BenchCaller}, default settings of its client),
 * the instances as small HTTP servers in this JVM (so that the registration time and the
 * arrival of the first request are read from one clock). The clock starts when the
 * registration request is sent. Cairn's trials run one after another against one service
 * the caller calls in a loop. Eureka's default settings take 30 to 90 s per trial (its
 * server's 30 s response cache, its client's 30 s registry fetch, LoadBalancer's 35 s
 * cache), so its trials run at once: one service per trial, all called by one caller, the
 * registrations staggered every few seconds so that they fall at different points of
 * those 30 s cycles; a trial not routed within the timeout counts as the timeout.
 */
public final class RoutingBenchmark {

	private static final Pattern CPU = Pattern.compile("CPU_PER_RENEWAL_US ([0-9.]+) WALL_PER_RENEWAL_US ([0-9.]+)");

	private final Map<String, String> options;

	private final Path logs;

	private final List<Process> processes = new ArrayList<>();

	private final List<Long> acknowledged = new ArrayList<>();

	private final List<Long> watched = new ArrayList<>();

	private final List<Long> refreshes = java.util.Collections.synchronizedList(new ArrayList<>());

	private @Nullable EmbeddedPostgresServer postgres;

	private RoutingBenchmark(Map<String, String> options) throws IOException {
		this.options = options;
		this.logs = Path.of(options.getOrDefault("report", "target/registry-client-benchmark.txt"))
			.toAbsolutePath()
			.getParent();
		Files.createDirectories(this.logs);
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		// The instances answer in one write (head and body), as production servers do, so
		// that the callers'
		// delayed ACKs do not hold each response back by 40 ms.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		RoutingBenchmark benchmark = new RoutingBenchmark(options);
		Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopAll));
		try {
			benchmark.run();
		}
		finally {
			benchmark.stopAll();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		int trials = Integer.parseInt(this.options.getOrDefault("trials", "20"));
		int warmup = Integer.parseInt(this.options.getOrDefault("warmup", "5"));
		int stagger = Integer.parseInt(this.options.getOrDefault("eureka-stagger", "3"));
		int eurekaTimeout = Integer.parseInt(this.options.getOrDefault("eureka-timeout", "300"));
		int renewals = Integer.parseInt(this.options.getOrDefault("renewals", "20000"));
		Path registryJar = Path.of(this.options.get("registry-jar"));
		Path eurekaJar = Path.of(this.options.get("eureka-jar"));
		for (Path jar : List.of(registryJar, eurekaJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(
						jar + " is missing; build with -Pbenchmarks (see " + "docs/benchmarks/registry-client.md)");
			}
		}
		long started = System.nanoTime();
		String load = loadAverage();

		// The registry's PostgreSQL runs beside it, as under ./cairn up (the app's jar
		// carries none); its credentials go through the environment.
		this.postgres = EmbeddedPostgresServer.start(Files.createTempDirectory("bench-registry-pg"), 0);
		int registryPort = freePort();
		Process registry = start("registry-service",
				List.of("-jar", registryJar.toString(), "--server.port=" + registryPort,
						"--cairn.data-dir=" + Files.createTempDirectory("bench-registry"),
						"--spring.datasource.url=" + this.postgres.createDatabase("registry")),
				Map.of("SPRING_DATASOURCE_USERNAME", this.postgres.username(), "SPRING_DATASOURCE_PASSWORD",
						this.postgres.password()));
		int eurekaPort = freePort();
		Process eureka = start("eureka-server", List.of("-jar", eurekaJar.toString(), "--server.port=" + eurekaPort),
				Map.of());
		URI registryUrl = URI.create("http://127.0.0.1:" + registryPort);
		URI eurekaUrl = URI.create("http://127.0.0.1:" + eurekaPort + "/eureka/");
		awaitUp(registry, registryUrl.resolve("/actuator/health/readiness"));
		awaitUp(eureka, eurekaUrl.resolve("apps"));

		// --phases= runs part of the benchmark while working on it; the report needs all
		// three.
		String phases = this.options.getOrDefault("phases", "cairn,eureka,cpu");
		List<Long> cairn = phases.contains("cairn") ? cairnTrials(registryUrl, trials, warmup) : List.of(0L);
		List<Long> eurekaTrials = phases.contains("eureka") ? eurekaTrials(eurekaUrl, trials, stagger, eurekaTimeout)
				: List.of(0L);
		if (!phases.contains("cpu")) {
			stopAll();
			return;
		}
		double[] cairnCpu = cpu("cairn-cpu", List.of("--cairn.registry.client.urls=" + registryUrl,
				"--eureka.client.enabled=false", "--bench.mode=cpu", "--bench.renewals=" + renewals));
		double[] eurekaCpu = cpu("eureka-cpu",
				List.of("--cairn.registry.client.enabled=false", "--eureka.client.service-url.defaultZone=" + eurekaUrl,
						"--spring.application.name=bench-cpu", "--bench.mode=cpu", "--bench.renewals=" + renewals));
		stopAll();

		report(trials, warmup, stagger, eurekaTimeout, renewals, load + ", at the end " + loadAverage(), cairn,
				eurekaTrials, cairnCpu, eurekaCpu, System.nanoTime() - started);
	}

	/**
	 * One service, called in a loop; each trial registers a new instance and waits for
	 * its first request.
	 */
	private List<Long> cairnTrials(URI registryUrl, int trials, int warmup) throws Exception {
		String service = "bench-cairn";
		try (RegistryClient registrar = RegistryClient.builder().urls(registryUrl).build();
				RegistryClient observer = RegistryClient.builder().urls(registryUrl).observer(new RegistryObserver() {
					@Override
					public void called(String operation, long nanos, @Nullable RegistryException error) {
						// The read of a changed lookup after a watch answer: the
						// client's second round trip, which an event feed carrying
						// the instances would spare.
						if (operation.equals("refresh") && error == null) {
							RoutingBenchmark.this.refreshes.add(nanos);
						}
					}
				}).build();
				InstanceServer first = new InstanceServer()) {
			registrar.start();
			observer.start();
			registrar.register(NewInstance.of(service, "127.0.0.1", first.port()));
			// A second watched cache in this JVM: when it sees an instance is the watch's
			// share of the time.
			Map<Integer, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
			observer.watch(service, (name, instances) -> {
				long now = System.nanoTime();
				instances.forEach((instance) -> seen.putIfAbsent(instance.port(), now));
			});
			Process caller = startCaller("cairn-caller",
					List.of("--cairn.registry.client.urls=" + registryUrl, "--eureka.client.enabled=false",
							"--bench.services=" + service,
							// A busy caller (200 requests a second) that leaves the CPUs
							// to the
							// registry and the watch: a tight loop took a core of the
							// two. The
							// figures include this pause (up to 5 ms).
							"--bench.pause-ms=5"));
			awaitLine(caller, "READY", Duration.ofMinutes(5));
			List<Long> latencies = new ArrayList<>();
			for (int trial = 0; trial < warmup + trials; trial++) {
				try (InstanceServer added = new InstanceServer()) {
					long sent = System.nanoTime();
					Registration registration = registrar.register(NewInstance.of(service, "127.0.0.1", added.port()));
					long acknowledged = System.nanoTime();
					long deadline = sent + TimeUnit.SECONDS.toNanos(60);
					while (added.firstRequest() == 0 && System.nanoTime() < deadline) {
						// The server records the arrival itself: this wait needs no
						// precision.
						Thread.sleep(1);
					}
					long latency = (added.firstRequest() != 0) ? added.firstRequest() - sent : deadline - sent;
					long watched = seen.getOrDefault(added.port(), 0L);
					if (trial >= warmup) {
						latencies.add(latency);
						this.acknowledged.add(acknowledged - sent);
						this.watched.add((watched != 0) ? watched - sent : latency);
					}
					System.out.printf(Locale.ROOT,
							"Cairn trial %d%s: routed after %.2f ms (registration acknowledged after %.2f ms, "
									+ "in a watched cache after %.2f ms)%n",
							trial + 1, (trial < warmup) ? " (warm-up)" : "", latency / 1e6, (acknowledged - sent) / 1e6,
							(watched != 0) ? (watched - sent) / 1e6 : Double.NaN);
					registration.close();
					// Let the caller's cache drop it before the next trial.
					Thread.sleep(200);
				}
			}
			caller.destroy();
			return latencies;
		}
	}

	/** One service per trial, all called by one caller; registrations staggered. */
	private List<Long> eurekaTrials(URI eurekaUrl, int trials, int stagger, int timeoutSeconds) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<InstanceServer> firsts = new ArrayList<>();
		List<InstanceServer> added = new ArrayList<>();
		List<String> services = new ArrayList<>();
		ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int trial = 0; trial < trials; trial++) {
				String service = "bench-eureka-" + trial;
				services.add(service);
				InstanceServer first = new InstanceServer();
				firsts.add(first);
				eurekaRegister(http, eurekaUrl, service, first.port(), renewals);
			}
			Process caller = startCaller("eureka-caller",
					List.of("--cairn.registry.client.enabled=false",
							"--eureka.client.service-url.defaultZone=" + eurekaUrl,
							"--eureka.client.register-with-eureka=false",
							"--bench.services=" + String.join(",", services), "--bench.pause-ms=25"));
			System.out.println("Eureka: waiting until the caller has found the first instance of each of " + trials
					+ " services (its defaults take up to a minute or two)");
			awaitLine(caller, "READY", Duration.ofMinutes(6));
			long[] sent = new long[trials];
			for (int trial = 0; trial < trials; trial++) {
				InstanceServer server = new InstanceServer();
				added.add(server);
				sent[trial] = System.nanoTime();
				eurekaRegister(http, eurekaUrl, services.get(trial), server.port(), renewals);
				System.out.printf(Locale.ROOT, "Eureka trial %d registered%n", trial + 1);
				if (trial + 1 < trials) {
					Thread.sleep(TimeUnit.SECONDS.toMillis(stagger));
				}
			}
			long deadline = sent[trials - 1] + TimeUnit.SECONDS.toNanos(timeoutSeconds);
			while (System.nanoTime() < deadline && added.stream().anyMatch((server) -> server.firstRequest() == 0)) {
				Thread.sleep(20);
			}
			List<Long> latencies = new ArrayList<>();
			for (int trial = 0; trial < trials; trial++) {
				long first = added.get(trial).firstRequest();
				long latency = (first != 0) ? first - sent[trial] : TimeUnit.SECONDS.toNanos(timeoutSeconds);
				latencies.add(latency);
				System.out.printf(Locale.ROOT, "Eureka trial %d: %s%n", trial + 1,
						(first != 0) ? String.format(Locale.ROOT, "%.1f s", latency / 1e9)
								: "not routed within " + timeoutSeconds + " s");
			}
			caller.destroy();
			return latencies;
		}
		finally {
			renewals.shutdownNow();
			firsts.forEach(InstanceServer::close);
			added.forEach(InstanceServer::close);
		}
	}

	/** What Eureka's client sends to register, then its renewals every 30 s. */
	private static void eurekaRegister(HttpClient http, URI eurekaUrl, String service, int port,
			ScheduledExecutorService renewals) throws Exception {
		String app = service.toUpperCase(Locale.ROOT);
		String id = "127.0.0.1:" + service + ":" + port;
		String body = "{\"instance\":{\"instanceId\":\"" + id + "\",\"hostName\":\"127.0.0.1\",\"app\":\"" + app
				+ "\",\"ipAddr\":\"127.0.0.1\",\"vipAddress\":\"" + service + "\",\"secureVipAddress\":\"" + service
				+ "\",\"status\":\"UP\",\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"},"
				+ "\"securePort\":{\"$\":443,\"@enabled\":\"false\"},"
				+ "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
				+ "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":90}}}";
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(eurekaUrl.resolve("apps/" + app))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 204) {
			throw new IllegalStateException("Eureka refused a registration: " + response.statusCode());
		}
		renewals.scheduleAtFixedRate(() -> {
			try {
				http.send(HttpRequest.newBuilder(eurekaUrl.resolve("apps/" + app + "/" + id + "?status=UP"))
					.PUT(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding());
			}
			catch (IOException ex) {
				// The next renewal will do.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, 30, 30, TimeUnit.SECONDS);
	}

	private double[] cpu(String name, List<String> arguments) throws Exception {
		Process process = startCaller(name, arguments);
		String line = awaitLine(process, "CPU_PER_RENEWAL_US", Duration.ofMinutes(10));
		process.waitFor(60, TimeUnit.SECONDS);
		Matcher matcher = CPU.matcher(line);
		if (!matcher.find()) {
			throw new IllegalStateException(name + " printed no figures: " + line);
		}
		return new double[] { Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)) };
	}

	private void report(int trials, int warmup, int stagger, int eurekaTimeout, int renewals, String load,
			List<Long> cairn, List<Long> eureka, double[] cairnCpu, double[] eurekaCpu, long elapsed)
			throws IOException {
		double cairnP50 = percentile(cairn, 50) / 1e6;
		double cairnP99 = percentile(cairn, 99) / 1e6;
		double eurekaP50 = percentile(eureka, 50) / 1e6;
		double eurekaP99 = percentile(eureka, 99) / 1e6;
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT,
				"registry-client benchmark: registration to first routed request, %d trials each (Cairn after %d "
						+ "warm-up trials; Eureka's %d at once, staggered %d s, timeout %d s); %d renewals for CPU;"
						+ " load average at start %s; run took %d s%n%n",
				trials, warmup, trials, stagger, eurekaTimeout, renewals, load,
				TimeUnit.NANOSECONDS.toSeconds(elapsed)));
		text.append(
				String.format(Locale.ROOT, "%-44s %14s %14s %12s%n", "", "registry-client", "Eureka client", "ratio"));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f ms %11.0f ms %11.0fx%n", "registration to routing, p50",
				cairnP50, eurekaP50, eurekaP50 / cairnP50));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f ms %11.0f ms %11.0fx%n", "registration to routing, p99",
				cairnP99, eurekaP99, eurekaP99 / cairnP99));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f ms %11.0f ms%n", "registration to routing, max",
				percentile(cairn, 100) / 1e6, percentile(eureka, 100) / 1e6));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f ms%n", "  of which registration acknowledged, p50",
				percentile(this.acknowledged, 50) / 1e6));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f ms%n", "  of which in a watched cache, p50",
				percentile(this.watched, 50) / 1e6));
		List<Long> refreshes = List.copyOf(this.refreshes);
		if (!refreshes.isEmpty()) {
			text.append(String.format(Locale.ROOT, "%-44s %11.1f ms (max %.1f ms, %d reads)%n",
					"  lookup read after a watch answer, p50", percentile(refreshes, 50) / 1e6,
					percentile(refreshes, 100) / 1e6, refreshes.size()));
		}
		text.append(String.format(Locale.ROOT, "%-44s %11.1f us %11.1f us %11.2fx%n", "client CPU per renewal",
				cairnCpu[0], eurekaCpu[0], eurekaCpu[0] / cairnCpu[0]));
		text.append(String.format(Locale.ROOT, "%-44s %11.1f us %11.1f us%n", "renewal round trip", cairnCpu[1],
				eurekaCpu[1]));
		text.append(String.format(Locale.ROOT, "%nGoal p99 < 100 ms: %s%n", (cairnP99 < 100) ? "met" : "NOT met"));
		text.append(String.format(Locale.ROOT, "Cairn trials (ms): %s%nEureka trials (s): %s%n",
				format(cairn, 1e6, "%.2f"), format(eureka, 1e9, "%.1f")));
		System.out.println();
		System.out.print(text);
		Path report = Path.of(this.options.getOrDefault("report", "target/registry-client-benchmark.txt"));
		Files.writeString(report, text);
		System.out.println("Written to " + report.toAbsolutePath());
	}

	private static String format(List<Long> values, double unit, String pattern) {
		return String.join(" ",
				values.stream().map((value) -> String.format(Locale.ROOT, pattern, value / unit)).toList());
	}

	/** Nearest-rank percentile. */
	static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

	private Process start(String name, List<String> arguments, Map<String, String> environment) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.logs.resolve(name + ".log").toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		this.processes.add(process);
		System.out.println("Started " + name + " (pid " + process.pid() + ")");
		return process;
	}

	private Process startCaller(String name, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(callerClassPath());
		command.add(BenchCaller.class.getName());
		command.add("--spring.main.web-application-type=none");
		command.add("--spring.main.banner-mode=off");
		command.add("--logging.file.name=" + this.logs.resolve(name + ".log"));
		command.add("--logging.threshold.console=OFF");
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.processes.add(process);
		System.out.println("Started " + name + " (pid " + process.pid() + ")");
		return process;
	}

	/**
	 * This JVM's class path without Cairn's support module, which only the driver uses
	 * (for PostgreSQL): in a caller, its auto-configurations would add what a client's
	 * application does not have.
	 */
	private static String callerClassPath() {
		String support;
		try {
			support = Path.of(EmbeddedPostgresServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
				.toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		return String.join(File.pathSeparator,
				Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
					.filter((entry) -> !Path.of(entry).toAbsolutePath().toString().equals(support))
					.toList());
	}

	/** Read the process's output until a line starts with the prefix. */
	private static String awaitLine(Process process, String prefix, Duration timeout) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith(prefix)) {
						return line;
					}
				}
				throw new IllegalStateException("The process ended without printing " + prefix);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		String line = found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		// Keep draining, so that the process never blocks on a full pipe.
		CompletableFuture.runAsync(() -> {
			try {
				while (reader.readLine() != null) {
					// discard
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		});
		return line;
	}

	private static void awaitUp(Process process, URI url) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(url + ": the server exited (" + process.exitValue() + ")");
			}
			try {
				if (http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(url + " did not come up within 5 minutes");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private void stopAll() {
		for (Process process : this.processes) {
			if (process.isAlive()) {
				process.destroy();
			}
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(30, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
		EmbeddedPostgresServer server = this.postgres;
		this.postgres = null;
		if (server != null) {
			try {
				server.close();
			}
			catch (IOException ex) {
				System.err.println("Could not stop PostgreSQL: " + ex.getMessage());
			}
		}
	}

}
