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

import io.cairn.support.postgres.EmbeddedPostgresServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Holds 10,000 registered instances (1,000 services of 10) in registry-service and in a
 * stock Eureka server, one after the other on the same machine, and drives each with the
 * same closed-loop mix (90 % renewals, 10 % lookups of one service) from the same number
 * of clients. Then it measures how long a new registration takes to show up in a lookup.
 * Prints throughput and latency for both and the ratios, and writes them to the report
 * file.
 */
public final class RegistryLoadBenchmark {

	private static final int SERVICES = 1000;

	private static final int INSTANCES_PER_SERVICE = 10;

	private static final int VISIBILITY_SAMPLES = 3;

	/** Failed registrations after which the benchmark gives up. */
	private static final int MAX_REGISTRATION_ERRORS = 10_000;

	private static final long RETRY_PAUSE_MILLIS = 100;

	/** Connections that register the instances at once (at most the clients). */
	private static final int REGISTERING_CONNECTIONS = 16;

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
		Path report = Path.of(options.getOrDefault("report", "registry-benchmark.txt"));
		for (Path jar : List.of(registryJar, eurekaJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(
						jar + " is missing; build with -Pbenchmarks (see docs/registry-service.md)");
			}
		}
		Files.createDirectories(report.toAbsolutePath().getParent());

		Result cairn;
		// The registry's PostgreSQL runs beside it, as under ./cairn up (the app's jar
		// carries none).
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer
			.start(Files.createTempDirectory("bench-registry-pg"), 0)) {
			cairn = run(registryJar,
					List.of("--cairn.data-dir=" + Files.createTempDirectory("bench-registry"),
							"--spring.datasource.url=" + postgres.createDatabase("registry"),
							"--spring.datasource.username=" + postgres.username(),
							"--spring.datasource.password=" + postgres.password()),
					"/actuator/health/readiness", new CairnRegistry(), seconds, warmup, clients, report.getParent());
		}
		Result eureka = run(eurekaJar, List.of(), "/eureka/apps", new EurekaRegistry(), seconds, warmup, clients,
				report.getParent());

		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT,
				"Registry benchmark: %d instances (%d services x %d), %d clients, %d s measured after %d s warm-up,"
						+ " 90%% renewals / 10%% lookups%n%n",
				SERVICES * INSTANCES_PER_SERVICE, SERVICES, INSTANCES_PER_SERVICE, clients, seconds, warmup));
		text.append(Result.header()).append('\n');
		text.append(cairn.row()).append('\n');
		text.append(eureka.row()).append('\n').append('\n');
		text.append(String.format(Locale.ROOT, "renewals/s ratio (registry-service / Eureka): %.2fx%n",
				cairn.renewalsPerSecond() / eureka.renewalsPerSecond()));
		text.append(String.format(Locale.ROOT,
				"renewal p99 ratio (registry-service / Eureka): %.2f (below 1 is better)%n",
				cairn.renewals().getValueAtPercentile(99) / (double) eureka.renewals().getValueAtPercentile(99)));
		text.append(String.format(Locale.ROOT,
				"server CPU per request ratio (Eureka / registry-service): %.2fx (how many times cheaper a request is)%n",
				eureka.cpuMicrosPerRequest() / cairn.cpuMicrosPerRequest()));
		text.append(String.format(Locale.ROOT, "lookups/s ratio (registry-service / Eureka): %.2fx%n",
				cairn.lookupsPerSecond() / eureka.lookupsPerSecond()));
		text.append(
				String.format(Locale.ROOT, "lookup p99 ratio (registry-service / Eureka): %.2f (below 1 is better)%n",
						cairn.lookups().getValueAtPercentile(99) / (double) eureka.lookups().getValueAtPercentile(99)));
		text.append(String.format(Locale.ROOT,
				"registrations/s (%d instances, %d connections): registry-service %.0f, Eureka %.0f, ratio %.2fx%n",
				SERVICES * INSTANCES_PER_SERVICE, Math.min(clients, REGISTERING_CONNECTIONS),
				cairn.registrationsPerSecond(), eureka.registrationsPerSecond(),
				cairn.registrationsPerSecond() / eureka.registrationsPerSecond()));
		text.append(String.format(Locale.ROOT,
				"registrations refused or failed (retried after %d ms): registry-service %d, Eureka %d%n",
				RETRY_PAUSE_MILLIS, cairn.registrationErrors(), eureka.registrationErrors()));
		text.append(String.format(Locale.ROOT,
				"registration p50/p99: registry-service %.2f / %.2f ms, Eureka %.2f / %.2f ms, p99 ratio %.2f (below 1 is better)%n",
				cairn.registrations().getValueAtPercentile(50) / 1000.0,
				cairn.registrations().getValueAtPercentile(99) / 1000.0,
				eureka.registrations().getValueAtPercentile(50) / 1000.0,
				eureka.registrations().getValueAtPercentile(99) / 1000.0, cairn.registrations().getValueAtPercentile(99)
						/ (double) eureka.registrations().getValueAtPercentile(99)));
		text.append(String.format(Locale.ROOT,
				"new registration visible to clients (registry-service: locate_service; Eureka: the full registry"
						+ " its DiscoveryClient fetches) after: registry-service max %d ms, Eureka max %d ms%n",
				cairn.visibilityMillis().stream().mapToLong(Long::longValue).max().orElse(-1),
				eureka.visibilityMillis().stream().mapToLong(Long::longValue).max().orElse(-1)));
		System.out.println();
		System.out.println(text);
		Files.writeString(report, text);
		System.out.println("Written to " + report);
	}

	private static Result run(Path jar, List<String> extraArgs, String readyPath, RegistryTarget target, int seconds,
			int warmup, int clients, Path logs) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
						"--server.port=" + port));
		command.addAll(extraArgs);
		Path log = logs.resolve(jar.getFileName().toString().replace(".jar", "") + "-benchmark.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			awaitReady(process, URI.create("http://127.0.0.1:" + port + readyPath));
			System.out.println(target.name() + ": registering " + SERVICES * INSTANCES_PER_SERVICE + " instances");
			Registering registration = registerAll(target, port, clients);
			System.out.println(target.name() + ": load for " + warmup + " + " + seconds + " s");
			Result result = load(target, port, clients, warmup, seconds, process.toHandle());
			List<Long> visibility = new ArrayList<>();
			try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
				for (int sample = 0; sample < VISIBILITY_SAMPLES; sample++) {
					visibility.add(visibility(target, connection, SERVICES + sample));
				}
			}
			return result.with(registration, visibility);
		}
		finally {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private static Registering registerAll(RegistryTarget target, int port, int clients) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		int connections = Math.min(clients, REGISTERING_CONNECTIONS);
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		List<Future<?>> futures = new ArrayList<>();
		for (int worker = 0; worker < connections; worker++) {
			int first = worker;
			int stride = connections;
			futures.add(pool.submit(() -> {
				KeepAliveConnection connection = new KeepAliveConnection(port);
				try {
					for (int service = first; service < SERVICES; service += stride) {
						for (int instance = 0; instance < INSTANCES_PER_SERVICE; instance++) {
							// As a client does after an outage: retry a refused or failed
							// registration until it is acknowledged.
							while (true) {
								long sent = System.nanoTime();
								try {
									target.register(connection, service, instance);
									latencies.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
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
				latencies.getIntervalHistogram(), errors.get());
	}

	/**
	 * How registering every instance went.
	 *
	 * @param millis how long it took, all connections at once
	 * @param latencies each acknowledged registration's round trip, in microseconds
	 * @param errors registrations refused or failed (and retried)
	 */
	record Registering(long millis, Histogram latencies, long errors) {

	}

	private static Result load(RegistryTarget target, int port, int clients, int warmup, int seconds,
			ProcessHandle server) throws Exception {
		Recorder renewals = new Recorder(3);
		Recorder lookups = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
		long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<?>> futures = new ArrayList<>();
		for (int worker = 0; worker < clients; worker++) {
			futures.add(pool.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				KeepAliveConnection connection = new KeepAliveConnection(port);
				while (true) {
					long now = System.nanoTime();
					if (now >= end) {
						connection.close();
						return null;
					}
					int service = random.nextInt(SERVICES);
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
		Duration cpuBefore = cpu(server);
		for (Future<?> future : futures) {
			future.get();
		}
		Duration cpuUsed = cpu(server).minus(cpuBefore);
		pool.shutdown();
		Histogram renewed = renewals.getIntervalHistogram();
		Histogram looked = lookups.getIntervalHistogram();
		double cpuPerRequest = cpuUsed.toNanos() / 1000.0
				/ Math.max(1, renewed.getTotalCount() + looked.getTotalCount());
		return new Result(target.name(), renewed, looked, seconds, errors.get(), cpuPerRequest, 0, new Histogram(3), 0,
				List.of());
	}

	private static Duration cpu(ProcessHandle process) {
		return process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * Register a new service and poll the lookup its clients rely on until the instance
	 * shows.
	 */
	private static long visibility(RegistryTarget target, KeepAliveConnection connection, int service)
			throws Exception {
		long start = System.nanoTime();
		target.register(connection, service, 0);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			if (target.lookupAsClientsDo(connection, service) > 0) {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			}
			Thread.sleep(20);
		}
		return TimeUnit.SECONDS.toMillis(90);
	}

	private static void awaitReady(Process process, URI uri) throws Exception {
		HttpClient http = newClient();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
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
			List<Long> visibilityMillis) {

		Result with(Registering registration, List<Long> visibility) {
			return new Result(this.name, this.renewals, this.lookups, this.seconds, this.errors,
					this.cpuMicrosPerRequest, registration.millis(), registration.latencies(), registration.errors(),
					visibility);
		}

		double renewalsPerSecond() {
			return this.renewals.getTotalCount() / (double) this.seconds;
		}

		double registrationsPerSecond() {
			return SERVICES * INSTANCES_PER_SERVICE * 1000.0 / Math.max(1, this.registrationMillis);
		}

		double lookupsPerSecond() {
			return this.lookups.getTotalCount() / (double) this.seconds;
		}

		static String header() {
			return String.format(Locale.ROOT, "%-17s %12s %10s %10s %11s %10s %10s %12s %7s %14s %18s", "registry",
					"renewals/s", "renew p50", "renew p99", "lookups/s", "look p50", "look p99", "server CPU/req",
					"errors", "register 10k", "new visible after");
		}

		String row() {
			return String.format(Locale.ROOT,
					"%-17s %12.0f %8.2fms %8.2fms %11.0f %8.2fms %8.2fms %12.1fus %7d %12.1f s %15s ms", this.name,
					renewalsPerSecond(), this.renewals.getValueAtPercentile(50) / 1000.0,
					this.renewals.getValueAtPercentile(99) / 1000.0, lookupsPerSecond(),
					this.lookups.getValueAtPercentile(50) / 1000.0, this.lookups.getValueAtPercentile(99) / 1000.0,
					this.cpuMicrosPerRequest, this.errors, this.registrationMillis / 1000.0, this.visibilityMillis);
		}

	}

}
