package io.cairn.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * servreg's clients, as many as there are instances: each pings the registry every
 * {@code renewEvery} through JSON-RPC (with an id, so that every answer is an
 * acknowledgement or an error), its home replica first and the other one when the home
 * one does not answer, as a client given both URLs would. New instances keep registering
 * at a steady rate, and lookups ({@code locate_service} of one service) run beside them.
 * Every acknowledgement is remembered with its time and replica, which is what the
 * scenarios judge the registry by.
 */
final class RegistryLoad implements AutoCloseable {

	static final int SERVICES = 1000;

	static final int PER_SERVICE = 10;

	/** Acknowledgement times kept per instance, enough for a TTL of renewals. */
	private static final int HISTORY = 16;

	private final List<AppProcess> replicas;

	private final String token;

	private final Duration renewEvery;

	final List<Instance> instances = new CopyOnWriteArrayList<>();

	private final LinkedBlockingQueue<Instance> due = new LinkedBlockingQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final ExecutorService renewers = Executors.newFixedThreadPool(24);

	final Counters counters = new Counters();

	private final AtomicInteger newInstances = new AtomicInteger();

	RegistryLoad(List<AppProcess> replicas, String token, Duration renewEvery) {
		this.replicas = replicas;
		this.token = token;
		this.renewEvery = renewEvery;
		for (int service = 0; service < SERVICES; service++) {
			for (int i = 0; i < PER_SERVICE; i++) {
				this.instances.add(new Instance("faults-s" + service, "h" + i + ".s" + service + ".faults.test", 8080,
						(service * PER_SERVICE + i) % replicas.size()));
			}
		}
	}

	/** Register every instance (each registration acknowledged before it counts). */
	void registerAll() throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		for (Instance instance : this.instances) {
			pool.execute(() -> {
				while (!ping(instance)) {
					Deadline.hold(Duration.ofMillis(200));
				}
				// Renewed from its registration on, however long the others take.
				instance.nextDue = System.nanoTime() + this.renewEvery.toNanos();
			});
		}
		pool.shutdown();
		if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
			throw new IllegalStateException("registration did not finish");
		}
	}

	/** Start renewals, new registrations and lookups. */
	/**
	 * Start renewing: each instance every {@code renewEvery} from its registration on
	 * (called before {@link #registerAll()}, so that a slow mass registration does not
	 * let the first ones pass their TTL unrenewed).
	 */
	void startRenewals() {
		long period = this.renewEvery.toNanos();
		thread("renewal-ticker", () -> {
			while (this.running.get()) {
				long now = System.nanoTime();
				for (Instance instance : this.instances) {
					if (instance.nextDue <= now && !instance.queued) {
						instance.queued = true;
						this.due.add(instance);
					}
				}
				Deadline.hold(Duration.ofMillis(50));
			}
		});
		for (int i = 0; i < 24; i++) {
			this.renewers.execute(() -> {
				while (this.running.get()) {
					try {
						Instance instance = this.due.poll(100, TimeUnit.MILLISECONDS);
						if (instance == null) {
							continue;
						}
						ping(instance);
						// A failed renewal is tried again at the next period,
						// as servreg's client does.
						instance.nextDue = System.nanoTime() + period;
						instance.queued = false;
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
	}

	/** Start new registrations and lookups beside the renewals. */
	void start(int newPerSecond, int lookupsPerSecond) {
		long period = this.renewEvery.toNanos();
		thread("registrations", () -> {
			while (this.running.get()) {
				int n = this.newInstances.incrementAndGet();
				Instance instance = new Instance("faults-new", "n" + n + ".faults.test", 9000,
						n % this.replicas.size());
				while (this.running.get() && !ping(instance)) {
					Deadline.hold(Duration.ofMillis(500));
				}
				instance.nextDue = System.nanoTime() + period;
				this.instances.add(instance);
				Deadline.hold(Duration.ofMillis(1000 / newPerSecond));
			}
		});
		for (int t = 0; t < 4; t++) {
			thread("lookups-" + t, () -> {
				while (this.running.get()) {
					lookup(ThreadLocalRandom.current().nextInt(SERVICES));
					Deadline.hold(Duration.ofMillis(4000 / lookupsPerSecond));
				}
			});
		}
	}

	private void thread(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	/** One ping, home replica first; true when acknowledged. */
	boolean ping(Instance instance) {
		for (int attempt = 0; attempt < this.replicas.size(); attempt++) {
			int replica = (instance.home + attempt) % this.replicas.size();
			String body = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + instance.name + "\",\""
					+ instance.host + "\"," + instance.port + "],\"id\":1}";
			long sent = System.currentTimeMillis();
			try {
				HttpResponse<String> response = Http.CLIENT
					.send(HttpRequest.newBuilder(this.replicas.get(replica).uri("/api"))
						.timeout(Duration.ofSeconds(5))
						.header("Content-Type", "application/json")
						.header("X-Api-Token", this.token)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() >= 500) {
					this.counters.http5xx.incrementAndGet();
					continue;
				}
				JsonNode answer = Http.JSON.readTree(response.body());
				if (answer.path("result").asBoolean(false)) {
					instance.acknowledged(sent, System.currentTimeMillis(), replica);
					this.counters.pingsAcknowledged.incrementAndGet();
					return true;
				}
				this.counters.pingErrors.incrementAndGet();
				// An error answer (the database is gone): the other replica shares it.
				return false;
			}
			catch (HttpTimeoutException ex) {
				// No answer within 5 s: the client gives up on this one, as servreg's
				// does.
				this.counters.timeouts.incrementAndGet();
				return false;
			}
			catch (IOException ex) {
				this.counters.unreachable.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private void lookup(int service) {
		AppProcess replica = this.replicas.get(ThreadLocalRandom.current().nextInt(this.replicas.size()));
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"faults-s" + service
				+ "\"],\"id\":1}";
		try {
			HttpResponse<String> response = Http.CLIENT.send(HttpRequest.newBuilder(replica.uri("/api"))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 500) {
				this.counters.http5xx.incrementAndGet();
				return;
			}
			JsonNode answer = Http.JSON.readTree(response.body());
			if (!answer.path("error").isNull()) {
				this.counters.lookupErrors.incrementAndGet();
				return;
			}
			this.counters.lookups.incrementAndGet();
			if (answer.path("result").size() != PER_SERVICE) {
				this.counters.lookupsWrong.incrementAndGet();
			}
		}
		catch (HttpTimeoutException ex) {
			this.counters.lookupTimeouts.incrementAndGet();
		}
		catch (IOException ex) {
			this.counters.unreachable.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** What the last failed {@link #lookupsRight} saw, for the report. */
	volatile String lastLookupMismatch = "";

	/**
	 * Whether a full lookup ({@code locate_service("faults-*")}) on this replica returns
	 * every instance acknowledged within the last {@code fresh}, and nothing that was
	 * never pinged.
	 */
	boolean lookupsRight(AppProcess replica, Duration fresh) {
		try {
			String body = "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":[\"faults-*\"],\"id\":1}";
			// The answer may have been read just before a registration acknowledged while
			// it was on its way: only what was acknowledged before it was asked counts.
			long asked = System.currentTimeMillis();
			HttpResponse<String> response = Http.CLIENT.send(HttpRequest.newBuilder(replica.uri("/api"))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode result = Http.JSON.readTree(response.body()).path("result");
			if (!result.isArray()) {
				this.lastLookupMismatch = replica + ": no result";
				return false;
			}
			Set<String> returned = new HashSet<>();
			for (JsonNode endpoint : result) {
				returned.add(endpoint.get("host").asString() + ":" + endpoint.get("port").asInt());
			}
			long now = System.currentTimeMillis();
			long since = asked - fresh.toMillis();
			Set<String> known = new HashSet<>();
			List<String> missing = new ArrayList<>();
			for (Instance instance : this.instances) {
				known.add(instance.endpoint());
				if (instance.registeredAt > 0 && instance.registeredAt < asked && instance.lastAck() > since
						&& !returned.contains(instance.endpoint())) {
					missing.add(instance.describe(now));
				}
			}
			List<String> extra = new ArrayList<>();
			for (String endpoint : returned) {
				if (!known.contains(endpoint) && !endpoint.startsWith("n")) {
					extra.add(endpoint);
				}
			}
			if (missing.isEmpty() && extra.isEmpty()) {
				return true;
			}
			this.lastLookupMismatch = replica + ": " + missing.size() + " missing "
					+ missing.subList(0, Math.min(3, missing.size())) + ", " + extra.size() + " extra";
			return false;
		}
		catch (IOException | RuntimeException ex) {
			this.lastLookupMismatch = replica + ": " + ex;
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	int acknowledgedRegistrations() {
		return (int) this.instances.stream().filter((instance) -> instance.registeredAt > 0).count();
	}

	@Override
	public void close() {
		this.running.set(false);
		this.renewers.shutdownNow();
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
	}

	static final class Counters {

		final AtomicLong pingsAcknowledged = new AtomicLong();

		final AtomicLong pingErrors = new AtomicLong();

		final AtomicLong unreachable = new AtomicLong();

		final AtomicLong http5xx = new AtomicLong();

		final AtomicLong lookups = new AtomicLong();

		final AtomicLong lookupsWrong = new AtomicLong();

		final AtomicLong lookupErrors = new AtomicLong();

		final AtomicLong timeouts = new AtomicLong();

		final AtomicLong lookupTimeouts = new AtomicLong();

		Snapshot snapshot() {
			return new Snapshot(this.pingsAcknowledged.get(), this.pingErrors.get(), this.unreachable.get(),
					this.http5xx.get(), this.lookups.get(), this.lookupsWrong.get(), this.lookupErrors.get(),
					this.timeouts.get(), this.lookupTimeouts.get());
		}

	}

	record Snapshot(long acknowledged, long pingErrors, long unreachable, long http5xx, long lookups, long lookupsWrong,
			long lookupErrors, long timeouts, long lookupTimeouts) {

		Snapshot minus(Snapshot before) {
			return new Snapshot(this.acknowledged - before.acknowledged, this.pingErrors - before.pingErrors,
					this.unreachable - before.unreachable, this.http5xx - before.http5xx, this.lookups - before.lookups,
					this.lookupsWrong - before.lookupsWrong, this.lookupErrors - before.lookupErrors,
					this.timeouts - before.timeouts, this.lookupTimeouts - before.lookupTimeouts);
		}

	}

	/** One servreg client: its endpoint and what the registry acknowledged to it. */
	static final class Instance {

		final String name;

		final String host;

		final int port;

		final int home;

		/** When the next renewal is due (nanoTime); never before the registration. */
		volatile long nextDue = Long.MAX_VALUE;

		volatile boolean queued;

		/**
		 * When the first acknowledgement arrived (epoch ms), 0 before. The history below
		 * keeps send times.
		 */
		volatile long registeredAt;

		private final long[] acks = new long[HISTORY];

		private int next;

		private long lastAckSent;

		private int lastAckReplica = -1;

		Instance(String name, String host, int port, int home) {
			this.name = name;
			this.host = host;
			this.port = port;
			this.home = home;
		}

		String endpoint() {
			return this.host + ":" + this.port;
		}

		synchronized void acknowledged(long sent, long received, int replica) {
			if (this.registeredAt == 0) {
				this.registeredAt = received;
			}
			// The registry stamps a ping when it receives it, somewhere between these two
			// instants; the TTL runs from there. Judged by the send time, an expiry is
			// never blamed on the time an answer took to come back.
			this.acks[this.next++ % HISTORY] = sent;
			this.lastAckSent = sent;
			this.lastAckReplica = replica;
		}

		synchronized long lastAck() {
			return (this.next == 0) ? 0 : this.acks[(this.next - 1) % HISTORY];
		}

		/**
		 * When the last acknowledged ping was sent (the registry stamped it after this).
		 */
		synchronized long lastAckSent() {
			return this.lastAckSent;
		}

		/** The acknowledgement history relative to {@code now}, for reports. */
		synchronized String describe(long now) {
			StringBuilder text = new StringBuilder(endpoint()).append(" registered -")
				.append(now - this.registeredAt)
				.append("ms, acks");
			for (int i = Math.max(0, this.next - 4); i < this.next; i++) {
				text.append(" -").append(now - this.acks[i % HISTORY]).append("ms");
			}
			return text.append(" last via replica ").append(this.lastAckReplica).toString();
		}

		synchronized int lastAckReplica() {
			return this.lastAckReplica;
		}

		/** The last acknowledgement received at or before the given time, 0 when none. */
		synchronized long lastAckAtOrBefore(long time) {
			long best = 0;
			for (long ack : this.acks) {
				if (ack <= time && ack > best) {
					best = ack;
				}
			}
			return best;
		}

	}

}
