package io.cairn.benchmarks.registry;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.support.postgres.EmbeddedPostgresServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Holds N registered instances (N/10 services of 10; N from {@code --sizes}, 10,000 by
 * default) in registry-service (with 1 or more replicas on one PostgreSQL, from
 * {@code --replicas}) and in a stock Eureka server, one after the other on the same
 * machine, and drives each with the same closed-loop mix (90 % renewals, 10 % lookups of
 * one service) from the same number of clients. Then it measures how long a new
 * registration takes to show up in a lookup (with two replicas: registered through one,
 * looked up through the other), and the heap each server holds per instance. Prints
 * throughput and latency for all and the ratios, a growth table over the sizes, and
 * writes them to the report file.
 */
public final class RegistryLoadBenchmark {

	private static final int INSTANCES_PER_SERVICE = 10;

	private static final int VISIBILITY_SAMPLES = 3;

	/** Failed registrations after which the benchmark gives up. */
	private static final int MAX_REGISTRATION_ERRORS = 10_000;

	private static final long RETRY_PAUSE_MILLIS = 100;

	/** Connections that register the instances at once (at most the clients). */
	private static int registeringConnections = 16;

	private RegistryLoadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		Path registryJar = Path.of(options.get("registry-jar"));
		Path eurekaJar = Path.of(options.get("eureka-jar"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "32"));
		List<Integer> sizes = integers(options.getOrDefault("sizes", "10000"));
		List<Integer> replicaCounts = integers(options.getOrDefault("replicas", "1"));
		int eurekaMax = Integer.parseInt(options.getOrDefault("eureka-max", "100000"));
		registeringConnections = Integer.parseInt(options.getOrDefault("registering-connections", "16"));
		Path report = Path.of(options.getOrDefault("report", "registry-benchmark.txt"));
		for (Path jar : List.of(registryJar, eurekaJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(
						jar + " is missing; build with -Pbenchmarks (see docs/registry-service.md)");
			}
		}
		Files.createDirectories(report.toAbsolutePath().getParent());
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT,
				"Registry benchmark: sizes %s (services of %d), registry-service replicas %s, %d clients,"
						+ " %d registering, %d s measured after %d s warm-up, 90%% renewals / 10%% lookups,"
						+ " load average at start %s%n",
				sizes, INSTANCES_PER_SERVICE, replicaCounts, clients, Math.min(clients, registeringConnections),
				seconds, warmup, loadAverage()));
		List<Result> all = new ArrayList<>();
		for (int size : sizes) {
			int services = size / INSTANCES_PER_SERVICE;
			List<Result> atSize = new ArrayList<>();
			for (int replicas : replicaCounts) {
				// The registry's PostgreSQL runs beside it, as under ./cairn up (the
				// app's
				// jar carries none); replicas share it.
				try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer
					.start(Files.createTempDirectory("bench-registry-pg"), 0)) {
					String database = postgres.createDatabase("registry");
					List<String> serverArgs = List.of("--spring.datasource.url=" + database,
							"--spring.datasource.username=" + postgres.username(),
							"--spring.datasource.password=" + postgres.password(),
							// the quota must hold the largest size (and the visibility
							// probes)
							"--cairn.registry.max-instances=" + (2 * size + 1000));
					atSize.add(run(registryJar, serverArgs, true, replicas, "/actuator/health/readiness",
							new CairnRegistry(), services, seconds, warmup, clients, report.getParent()));
				}
			}
			Result eureka = null;
			if (size <= eurekaMax) {
				eureka = run(eurekaJar, List.of(), false, 1, "/eureka/apps", new EurekaRegistry(), services, seconds,
						warmup, clients, report.getParent());
				atSize.add(eureka);
			}
			text.append('\n').append(Result.header()).append('\n');
			atSize.forEach((result) -> text.append(result.row()).append('\n'));
			if (eureka != null) {
				for (Result cairn : atSize.subList(0, atSize.size() - 1)) {
					text.append(ratios(cairn, eureka));
				}
			}
			else {
				text.append(String.format(Locale.ROOT, "Eureka not run at %d instances (-Dbenchmark.eureka-max=%d)%n",
						size, eurekaMax));
			}
			all.addAll(atSize);
			System.out.println(text);
			// what is measured so far, should a later size be cut short
			Files.writeString(report, text);
		}
		text.append('\n').append(growth(all));
		text.append(String.format(Locale.ROOT, "load average at the end: %s%n", loadAverage()));
		System.out.println();
		System.out.println(text);
		Files.writeString(report, text);
		System.out.println("Written to " + report);
	}

	private static String ratios(Result cairn, Result eureka) {
		StringBuilder text = new StringBuilder();
		String who = "registry-service x" + cairn.replicas() + " / Eureka at " + cairn.size();
		text.append(String.format(Locale.ROOT,
				"%s: renewals/s %.2fx, renewal p99 %.2f (below 1 is better),"
						+ " server CPU per request %.2fx cheaper, lookups/s %.2fx, lookup p99 %.2f,"
						+ " registrations/s %.2fx, registration p99 %.2f, heap per instance %.2f%n",
				who, cairn.renewalsPerSecond() / eureka.renewalsPerSecond(),
				cairn.renewals().getValueAtPercentile(99) / (double) eureka.renewals().getValueAtPercentile(99),
				eureka.cpuMicrosPerRequest() / cairn.cpuMicrosPerRequest(),
				cairn.lookupsPerSecond() / eureka.lookupsPerSecond(),
				cairn.lookups().getValueAtPercentile(99) / (double) eureka.lookups().getValueAtPercentile(99),
				cairn.registrationsPerSecond() / eureka.registrationsPerSecond(),
				cairn.registrations().getValueAtPercentile(99)
						/ (double) eureka.registrations().getValueAtPercentile(99),
				cairn.heapBytesPerInstance() / eureka.heapBytesPerInstance()));
		text.append(String.format(Locale.ROOT,
				"  registrations refused or failed (retried after %d ms): registry-service %d, Eureka %d;"
						+ " new registration visible after: registry-service max %d ms, Eureka max %d ms%n",
				RETRY_PAUSE_MILLIS, cairn.registrationErrors(), eureka.registrationErrors(),
				cairn.visibilityMillis().stream().mapToLong(Long::longValue).max().orElse(-1),
				eureka.visibilityMillis().stream().mapToLong(Long::longValue).max().orElse(-1)));
		return text.toString();
	}

	/**
	 * How each cost grows with the size: per registry and replica count, each size's
	 * figures against the smallest size's, divided by the growth in instances (1.00 is
	 * linear).
	 */
	private static String growth(List<Result> results) {
		StringBuilder text = new StringBuilder("Growth (cost at size / cost at the smallest size / size ratio;"
				+ " 1.00 = linear, renewals/s and p99 should stay flat instead)\n");
		text.append(String.format(Locale.ROOT, "%-22s %9s %12s %14s %16s %12s %12s%n", "registry", "instances",
				"register s", "reg. s growth", "heap/instance B", "heap growth", "renew p99 ms"));
		Map<String, Result> smallest = new HashMap<>();
		for (Result result : results) {
			String key = result.label();
			Result base = smallest.computeIfAbsent(key, (k) -> result);
			double sizeRatio = result.size() / (double) base.size();
			double heap = result.heapBytesPerInstance() * result.size();
			double baseHeap = base.heapBytesPerInstance() * base.size();
			text.append(String.format(Locale.ROOT, "%-22s %9d %12.1f %14.2f %16.0f %12.2f %12.2f%n", key, result.size(),
					result.registrationMillis() / 1000.0,
					(result.registrationMillis() / (double) Math.max(1, base.registrationMillis())) / sizeRatio,
					result.heapBytesPerInstance(), (heap / Math.max(1, baseHeap)) / sizeRatio,
					result.renewals().getValueAtPercentile(99) / 1000.0));
		}
		return text.toString();
	}

	private static List<Integer> integers(String list) {
		List<Integer> values = new ArrayList<>();
		for (String value : list.split(",")) {
			values.add(Integer.parseInt(value.trim()));
		}
		return values;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static Result run(Path jar, List<String> extraArgs, boolean dataDir, int replicas, String readyPath,
			RegistryTarget target, int services, int seconds, int warmup, int clients, Path logs) throws Exception {
		List<Process> processes = new ArrayList<>();
		int[] ports = new int[replicas];
		try {
			for (int replica = 0; replica < replicas; replica++) {
				ports[replica] = freePort();
				List<String> command = new ArrayList<>(
						List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
								jar.toString(), "--server.port=" + ports[replica]));
				if (dataDir) {
					command.add("--cairn.data-dir=" + Files.createTempDirectory("bench-registry"));
				}
				command.addAll(extraArgs);
				Path log = logs
					.resolve(jar.getFileName().toString().replace(".jar", "") + "-" + replica + "-benchmark.log");
				processes
					.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
			}
			for (int replica = 0; replica < replicas; replica++) {
				awaitReady(processes.get(replica), URI.create("http://127.0.0.1:" + ports[replica] + readyPath));
			}
			List<ProcessHandle> servers = processes.stream().map(Process::toHandle).toList();
			long heapBefore = heapAfterGc(servers);
			int size = services * INSTANCES_PER_SERVICE;
			System.out.println(target.name() + " x" + replicas + ": registering " + size + " instances");
			Registering registration = registerAll(target, ports, services, clients, servers);
			System.out.println(target.name() + " x" + replicas + ": " + registration.tenths());
			long heapAfter = heapAfterGc(servers);
			System.out.println(target.name() + " x" + replicas + ": load for " + warmup + " + " + seconds + " s");
			Result result = load(target, ports, services, clients, warmup, seconds, servers);
			List<Long> visibility = new ArrayList<>();
			try (KeepAliveConnection writer = new KeepAliveConnection(ports[0]);
					KeepAliveConnection reader = new KeepAliveConnection(ports[replicas - 1])) {
				for (int sample = 0; sample < VISIBILITY_SAMPLES; sample++) {
					visibility.add(visibility(target, writer, reader, services + sample));
				}
			}
			double heapPerInstance = (heapAfter - heapBefore) / (double) replicas / size;
			return result.with(registration, visibility, replicas, size, heapPerInstance, rssBytes(servers));
		}
		finally {
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				process.waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * The servers' heap in use after a full collection ({@code jcmd GC.run}, then
	 * {@code GC.heap_info}), added up.
	 */
	private static long heapAfterGc(List<ProcessHandle> servers) throws Exception {
		long total = 0;
		for (ProcessHandle server : servers) {
			jcmd(server, "GC.run");
			Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(server, "GC.heap_info"));
			if (used.find()) {
				total += Long.parseLong(used.group(1)) * 1024;
			}
		}
		return total;
	}

	private static String jcmd(ProcessHandle server, String command) throws Exception {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(server.pid()), command)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	/** The servers' resident memory, added up (Linux' /proc; 0 elsewhere). */
	private static long rssBytes(List<ProcessHandle> servers) {
		long total = 0;
		for (ProcessHandle server : servers) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
					if (line.startsWith("VmRSS:")) {
						total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
					}
				}
			}
			catch (IOException ex) {
				// not Linux
			}
		}
		return total;
	}

	private static Registering registerAll(RegistryTarget target, int[] ports, int services, int clients,
			List<ProcessHandle> servers) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		int size = services * INSTANCES_PER_SERVICE;
		// Time and the servers' CPU at each tenth of the registrations: whether a
		// registration costs more as the registry fills, rather than the whole run's
		// average.
		Tenths tenths = new Tenths(size, servers);
		long start = System.nanoTime();
		int connections = Math.min(clients, registeringConnections);
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		List<Future<?>> futures = new ArrayList<>();
		for (int worker = 0; worker < connections; worker++) {
			int first = worker;
			int stride = connections;
			// With replicas, the connections are spread over them.
			int port = ports[worker % ports.length];
			futures.add(pool.submit(() -> {
				KeepAliveConnection connection = new KeepAliveConnection(port);
				try {
					for (int service = first; service < services; service += stride) {
						for (int instance = 0; instance < INSTANCES_PER_SERVICE; instance++) {
							// As a client does after an outage: retry a refused or failed
							// registration until it is acknowledged.
							while (true) {
								long sent = System.nanoTime();
								try {
									target.register(connection, service, instance);
									latencies.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
									tenths.registered();
									break;
								}
								catch (IOException ex) {
									if (errors.incrementAndGet() > MAX_REGISTRATION_ERRORS) {
										throw ex;
									}
									connection.close();
									Thread.sleep(RETRY_PAUSE_MILLIS);
									connection = new KeepAliveConnection(port);
								}
							}
						}
					}
				}
				finally {
					connection.close();
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		return new Registering(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
				latencies.getIntervalHistogram(), errors.get(), tenths.describe());
	}

	/**
	 * Where each tenth of a registration run was reached: the time and the servers' CPU
	 * then, sampled by the registering thread that completes the tenth.
	 */
	private static final class Tenths {

		private final int size;

		private final List<ProcessHandle> servers;

		private final AtomicLong done = new AtomicLong();

		private final long[] nanos = new long[11];

		private final Duration[] cpu = new Duration[11];

		Tenths(int size, List<ProcessHandle> servers) {
			this.size = size;
			this.servers = servers;
			this.nanos[0] = System.nanoTime();
			this.cpu[0] = cpu(servers);
		}

		void registered() {
			long count = this.done.incrementAndGet();
			if (count * 10 % this.size == 0) {
				int tenth = (int) (count * 10 / this.size);
				Duration used = cpu(this.servers);
				synchronized (this) {
					this.nanos[tenth] = System.nanoTime();
					this.cpu[tenth] = used;
				}
			}
		}

		synchronized String describe() {
			StringBuilder text = new StringBuilder("registrations/s and server CPU per registration by tenth:");
			for (int tenth = 1; tenth <= 10; tenth++) {
				Duration before = this.cpu[tenth - 1];
				Duration after = this.cpu[tenth];
				if (this.nanos[tenth] == 0 || before == null || after == null) {
					return text.append(" (incomplete)").toString();
				}
				double seconds = (this.nanos[tenth] - this.nanos[tenth - 1]) / 1e9;
				double perTenth = this.size / 10.0;
				text.append(String.format(Locale.ROOT, " %,.0f/%.0fµs", perTenth / seconds,
						after.minus(before).toNanos() / 1000.0 / perTenth));
			}
			return text.toString();
		}

	}

	/**
	 * How registering every instance went.
	 *
	 * @param millis how long it took, all connections at once
	 * @param latencies each acknowledged registration's round trip, in microseconds
	 * @param errors registrations refused or failed (and retried)
	 * @param tenths the rate and the servers' CPU per registration by tenth of the run
	 */
	record Registering(long millis, Histogram latencies, long errors, String tenths) {

	}

	private static Result load(RegistryTarget target, int[] ports, int services, int clients, int warmup, int seconds,
			List<ProcessHandle> servers) throws Exception {
		Recorder renewals = new Recorder(3);
		Recorder lookups = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
		long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<?>> futures = new ArrayList<>();
		for (int worker = 0; worker < clients; worker++) {
			int port = ports[worker % ports.length];
			futures.add(pool.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				KeepAliveConnection connection = new KeepAliveConnection(port);
				while (true) {
					long now = System.nanoTime();
					if (now >= end) {
						connection.close();
						return null;
					}
					int service = random.nextInt(services);
					boolean renewal = random.nextInt(10) != 0;
					try {
						if (renewal) {
							target.renew(connection, service, random.nextInt(INSTANCES_PER_SERVICE));
						}
						else {
							target.lookup(connection, service);
						}
					}
					catch (IOException ex) {
						errors.incrementAndGet();
						continue;
					}
					long took = System.nanoTime() - now;
					if (now >= warmupEnd) {
						(renewal ? renewals : lookups).recordValue(TimeUnit.NANOSECONDS.toMicros(took));
					}
				}
			}));
		}
		// The server's own CPU time over the measured interval: unlike throughput, it
		// hardly
		// depends on what else the machine is doing.
		Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(warmupEnd - System.nanoTime())));
		Duration cpuBefore = cpu(servers);
		for (Future<?> future : futures) {
			future.get();
		}
		Duration cpuUsed = cpu(servers).minus(cpuBefore);
		pool.shutdown();
		Histogram renewed = renewals.getIntervalHistogram();
		Histogram looked = lookups.getIntervalHistogram();
		double cpuPerRequest = cpuUsed.toNanos() / 1000.0
				/ Math.max(1, renewed.getTotalCount() + looked.getTotalCount());
		return new Result(target.name(), renewed, looked, seconds, errors.get(), cpuPerRequest, 0, new Histogram(3), 0,
				List.of(), 1, 0, 0, 0);
	}

	private static Duration cpu(List<ProcessHandle> servers) {
		Duration total = Duration.ZERO;
		for (ProcessHandle server : servers) {
			total = total.plus(server.info().totalCpuDuration().orElse(Duration.ZERO));
		}
		return total;
	}

	/**
	 * Register a new service through one connection and poll the lookup its clients rely
	 * on through the other (another replica's, where there are two) until the instance
	 * shows.
	 */
	private static long visibility(RegistryTarget target, KeepAliveConnection writer, KeepAliveConnection reader,
			int service) throws Exception {
		long start = System.nanoTime();
		target.register(writer, service, 0);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			if (target.lookupAsClientsDo(reader, service) > 0) {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			}
			Thread.sleep(20);
		}
		return TimeUnit.SECONDS.toMillis(90);
	}

	private static void awaitReady(Process process, URI uri) throws Exception {
		HttpClient http = newClient();
		// A loaded shared machine has taken more than 3 minutes to start the app.
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the server exited with " + process.exitValue());
			}
			try {
				if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(uri + " never became ready");
	}

	static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Result(String name, Histogram renewals, Histogram lookups, int seconds, long errors,
			double cpuMicrosPerRequest, long registrationMillis, Histogram registrations, long registrationErrors,
			List<Long> visibilityMillis, int replicas, int size, double heapBytesPerInstance, long rssBytes) {

		Result with(Registering registration, List<Long> visibility, int replicas, int size, double heapPerInstance,
				long rss) {
			return new Result(this.name, this.renewals, this.lookups, this.seconds, this.errors,
					this.cpuMicrosPerRequest, registration.millis(), registration.latencies(), registration.errors(),
					visibility, replicas, size, heapPerInstance, rss);
		}

		String label() {
			return (this.name.equals("Eureka")) ? this.name : this.name + " x" + this.replicas;
		}

		double renewalsPerSecond() {
			return this.renewals.getTotalCount() / (double) this.seconds;
		}

		double registrationsPerSecond() {
			return this.size * 1000.0 / Math.max(1, this.registrationMillis);
		}

		double lookupsPerSecond() {
			return this.lookups.getTotalCount() / (double) this.seconds;
		}

		static String header() {
			return String.format(Locale.ROOT, "%-20s %9s %11s %10s %10s %10s %10s %10s %11s %7s %10s %9s %10s %8s %9s",
					"registry", "instances", "renewals/s", "renew p50", "renew p99", "lookups/s", "look p50",
					"look p99", "CPU/req", "errors", "register", "reg./s", "reg. p99", "heap/inst", "RSS");
		}

		String row() {
			return String.format(Locale.ROOT,
					"%-20s %9d %11.0f %8.2fms %8.2fms %10.0f %8.2fms %8.2fms %9.1fus %7d %8.1f s %9.0f %8.1fms %7.0fB %6.0fMB",
					label(), this.size, renewalsPerSecond(), this.renewals.getValueAtPercentile(50) / 1000.0,
					this.renewals.getValueAtPercentile(99) / 1000.0, lookupsPerSecond(),
					this.lookups.getValueAtPercentile(50) / 1000.0, this.lookups.getValueAtPercentile(99) / 1000.0,
					this.cpuMicrosPerRequest, this.errors, this.registrationMillis / 1000.0, registrationsPerSecond(),
					this.registrations.getValueAtPercentile(99) / 1000.0, this.heapBytesPerInstance,
					this.rssBytes / 1e6);
		}

	}

}
