package io.cairn.bridge.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.TaskInfo;

/**
 * Kills registered tasks at a steady rate (Marathon replaces each: about ten events per
 * kill and replacement) and times, from the kill, the replacement's service appearing in
 * Consul and the old one leaving it.
 */
final class EventDriver {

	// A kill with its replacement publishes about ten events.
	private static final double EVENTS_PER_OPERATION = 10.0;

	private final MarathonSimulator marathon;

	private final ConsulSimulator consul;

	private final List<String> apps;

	private final Duration drain;

	/**
	 * @param marathon the Marathon simulator
	 * @param consul the Consul simulator
	 * @param apps the apps whose tasks are killed, each time one picked at random
	 * @param drain how long the last registrations may take after the last kill
	 */
	EventDriver(MarathonSimulator marathon, ConsulSimulator consul, List<String> apps, Duration drain) {
		this.marathon = marathon;
		this.consul = consul;
		this.apps = apps;
		this.drain = drain;
	}

	Result drive(int eventsPerSecond, int seconds) throws InterruptedException {
		Histogram registration = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		Histogram deregistration = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
		Map<String, Long> appearing = new ConcurrentHashMap<>();
		Map<String, Long> leaving = new ConcurrentHashMap<>();
		Thread watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				long now = System.nanoTime();
				appearing.forEach((id, since) -> {
					if (this.consul.hasService(id) && appearing.remove(id) != null) {
						synchronized (registration) {
							registration.recordValue(Math.max(1, (System.nanoTime() - since) / 1000));
						}
					}
				});
				leaving.forEach((id, since) -> {
					if (!this.consul.hasService(id) && leaving.remove(id) != null) {
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
		long interval = (long) (1_000_000_000L * EVENTS_PER_OPERATION / eventsPerSecond);
		long firstEvent = this.marathon.eventCount();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		long next = start;
		int operations = 0;
		while (next < end) {
			LockSupport.parkNanos(next - System.nanoTime());
			// Only tasks already registered are killed: a replacement killed before the
			// bridge saw it run is, rightly, never registered.
			List<TaskInfo> tasks;
			do {
				String app = this.apps.get(ThreadLocalRandom.current().nextInt(this.apps.size()));
				tasks = this.marathon.tasks(app).stream().filter((task) -> !appearing.containsKey(task.id())).toList();
			}
			while (tasks.isEmpty());
			TaskInfo victim = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
			this.marathon.killTask(victim.id());
			long published = System.nanoTime();
			leaving.put(victim.id(), published);
			for (TaskInfo task : this.marathon.tasks(victim.appId())) {
				if (task.instanceId().equals(victim.instanceId()) && !task.id().equals(victim.id())) {
					appearing.put(task.id(), published);
				}
			}
			operations++;
			next += interval;
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long events = this.marathon.eventCount() - firstEvent;
		long deadline = System.nanoTime() + this.drain.toNanos();
		while ((!appearing.isEmpty() || !leaving.isEmpty()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		watcher.interrupt();
		watcher.join();
		return new Result(events / elapsed, operations, registration, deregistration, List.copyOf(appearing.keySet()),
				List.copyOf(leaving.keySet()));
	}

	/**
	 * One rate's figures.
	 *
	 * @param eventsPerSecond the events Marathon published per second
	 * @param operations kills with their replacements
	 * @param registration event to registration
	 * @param deregistration event to deregistration
	 * @param notRegistered replacements not in Consul when the drain time ran out
	 * @param notDeregistered killed tasks still in Consul when it ran out
	 */
	record Result(double eventsPerSecond, int operations, Histogram registration, Histogram deregistration,
			List<String> notRegistered, List<String> notDeregistered) {

		boolean complete() {
			return this.notRegistered.isEmpty() && this.notDeregistered.isEmpty();
		}

		String describe(String label) {
			return String.format(Locale.ROOT,
					"%-28s %6.1f events/s, %d kills+replacements; registration p50 %6.1f ms, p90 %6.1f, p99 %6.1f, "
							+ "max %6.1f; deregistration p50 %6.1f ms, p99 %6.1f%s",
					label, this.eventsPerSecond, this.operations, Bench.ms(this.registration, 50),
					Bench.ms(this.registration, 90), Bench.ms(this.registration, 99),
					this.registration.getMaxValue() / 1000.0, Bench.ms(this.deregistration, 50),
					Bench.ms(this.deregistration, 99),
					complete() ? "" : "; NOT DONE in time: " + this.notRegistered.size() + " not registered, "
							+ this.notDeregistered.size() + " not deregistered");
		}

	}

}
