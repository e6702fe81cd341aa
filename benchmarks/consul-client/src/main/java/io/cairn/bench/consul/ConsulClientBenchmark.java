package io.cairn.bench.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import io.cairn.consul.Consul;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;

/**
 * KV get and put, a health service query (three passing instances) and a blocking-query
 * wake-up (write, then wait until a watcher thread blocked on the key has seen the new
 * index), for each client against the same simulator build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConsulClientBenchmark {

	private static final String KEY = "bench/config";

	private static final String WATCHED = "bench/watched";

	private static final byte[] VALUE = ("{\"replicas\":3,\"image\":\"registry.example/app:1.4.2\",\"mode\":\"blue\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Param({ "cairn", "kiwi", "ecwid" })
	public String client;

	private SimulatorProcess simulator;

	private BenchClient bench;

	private Thread watcher;

	private final AtomicLong seenIndex = new AtomicLong();

	private volatile boolean running;

	private long counter;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) throws IOException {
		this.simulator = new SimulatorProcess();
		try (Consul setup = Consul.builder().address("127.0.0.1:" + this.simulator.port()).build()) {
			setup.kv().put(KEY, VALUE);
			setup.kv().put(WATCHED, VALUE);
			for (int i = 1; i <= 3; i++) {
				setup.agent()
					.registerService(ServiceRegistration.of("web-" + i, "web")
						.withAddress("10.0.0." + i, 8080)
						.withTags("v1", "primary")
						.withChecks(CheckRegistration.ttl("web-" + i + "-ttl", "ttl", Duration.ofHours(1))
							.withStatus("passing")));
			}
			this.seenIndex.set(setup.kv().get(WATCHED).index());
		}
		this.bench = Clients.create(this.client, this.simulator.port());
		if (params.getBenchmark().endsWith(".blockingWakeup")) {
			// Only the wake-up needs a query blocked on a key: the simulator wakes every
			// blocked query on every write, so a watcher left running would add its
			// wake-ups to every put of the other benchmarks.
			this.running = true;
			this.watcher = new Thread(this::watch, "bench-watcher");
			this.watcher.setDaemon(true);
			this.watcher.start();
		}
	}

	private void watch() {
		while (this.running) {
			try {
				long index = this.bench.blockingGet(WATCHED, this.seenIndex.get());
				synchronized (this.seenIndex) {
					if (index > this.seenIndex.get()) {
						this.seenIndex.set(index);
						this.seenIndex.notifyAll();
					}
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
			}
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		if (this.watcher != null) {
			this.running = false;
			this.bench.put(WATCHED, VALUE);
			this.watcher.join(5000);
		}
		this.bench.close();
		this.simulator.close();
	}

	@Benchmark
	public byte[] kvGet() {
		return this.bench.get(KEY);
	}

	@Benchmark
	public boolean kvPut() {
		return this.bench.put(KEY, VALUE);
	}

	@Benchmark
	public int healthService() {
		return this.bench.healthyInstances("web");
	}

	@Benchmark
	public long blockingWakeup() throws InterruptedException {
		long before = this.seenIndex.get();
		VALUE[0] = (byte) ('{' + (++this.counter & 0));
		this.bench.put(WATCHED, VALUE);
		synchronized (this.seenIndex) {
			while (this.seenIndex.get() <= before) {
				this.seenIndex.wait(1000);
			}
		}
		return this.seenIndex.get();
	}

}
