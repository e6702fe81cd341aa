package io.cairn.bridge.event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Applies events with bounded concurrency: the events of one lane (one task, or one app
 * as a whole) one after the other, in arrival order; different lanes in parallel on at
 * most {@code workers} threads. At most {@code capacity} events wait or run; beyond that
 * an event is dropped and the overflow handler is told once per overflow, so that a full
 * sync replaces the lost events instead of the queue growing without bound. An event
 * equal to one already waiting in its lane (a duplicate delivery) is dropped, and an
 * event superseded by a later one waiting in its lane
 * ({@link MarathonEvent#supersededBy}) is skipped, the later one keeping the earlier
 * arrival time: a burst of events about one task costs one read of Marathon.
 */
public final class EventDispatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EventDispatcher.class);

	private final EventHandler handler;

	private final Runnable onOverflow;

	private final int capacity;

	private final ThreadPoolExecutor executor;

	private final Map<String, Lane> lanes = new HashMap<>();

	private final AtomicInteger pending = new AtomicInteger();

	private final java.util.concurrent.atomic.AtomicLong coalesced = new java.util.concurrent.atomic.AtomicLong();

	private int generation;

	private boolean overflowing;

	/**
	 * Create a dispatcher.
	 * @param workers events applied at the same time
	 * @param capacity events waiting or running, at most
	 * @param handler applies one event
	 * @param onOverflow told when an event is dropped for lack of room
	 */
	public EventDispatcher(int workers, int capacity, EventHandler handler, Runnable onOverflow) {
		this(workers, capacity, handler, onOverflow, new ThreadPoolTaskExecutorBuilder());
	}

	/**
	 * Create a dispatcher.
	 * @param workers events applied at the same time
	 * @param capacity events waiting or running, at most
	 * @param handler applies one event
	 * @param onOverflow told when an event is dropped for lack of room
	 * @param executors Boot's executor builder
	 */
	public EventDispatcher(int workers, int capacity, EventHandler handler, Runnable onOverflow,
			ThreadPoolTaskExecutorBuilder executors) {
		this.handler = handler;
		this.onOverflow = onOverflow;
		this.capacity = capacity;
		// Lanes, not events, wait in this queue: it never holds more than capacity
		// entries.
		ThreadPoolTaskExecutor pool = executors.corePoolSize(workers)
			.maxPoolSize(workers)
			.queueCapacity(Integer.MAX_VALUE)
			.keepAlive(Duration.ofSeconds(60))
			.allowCoreThreadTimeOut(true)
			.threadNamePrefix("bridge-events-")
			.build();
		pool.setDaemon(true);
		pool.initialize();
		this.executor = pool.getThreadPoolExecutor();
	}

	/**
	 * Queue an event.
	 * @param event the event
	 * @param receivedNanos when it arrived ({@link System#nanoTime()})
	 * @return what became of it
	 */
	public Outcome submit(MarathonEvent event, long receivedNanos) {
		boolean overflowNow = false;
		synchronized (this) {
			if (this.executor.isShutdown()) {
				return Outcome.DROPPED;
			}
			if (this.pending.get() >= this.capacity) {
				overflowNow = !this.overflowing;
				this.overflowing = true;
			}
			else {
				Lane lane = this.lanes.computeIfAbsent(event.lane(), Lane::new);
				for (Item waiting : lane.items) {
					if (waiting.event.equals(event)) {
						return Outcome.DUPLICATE;
					}
				}
				lane.items.add(new Item(event, receivedNanos, this.generation));
				this.pending.incrementAndGet();
				if (!lane.running) {
					lane.running = true;
					this.executor.execute(() -> drain(lane));
				}
				return Outcome.QUEUED;
			}
		}
		if (overflowNow) {
			logger.warn("Event queue full (" + this.capacity + " events): dropping events until it drains; "
					+ "a full sync repairs what they carried");
			this.onOverflow.run();
		}
		return Outcome.DROPPED;
	}

	/**
	 * Forget every waiting event (leadership was lost: a new leader resyncs anyway).
	 */
	public void clear() {
		synchronized (this) {
			this.generation++;
		}
	}

	/**
	 * Events skipped because a later event of their lane superseded them.
	 * @return the count since the start
	 */
	public long coalesced() {
		return this.coalesced.get();
	}

	/**
	 * Events waiting or being applied.
	 * @return the count
	 */
	public int pending() {
		return this.pending.get();
	}

	private void drain(Lane lane) {
		while (true) {
			Item item;
			boolean superseded = false;
			synchronized (this) {
				item = lane.items.poll();
				if (item == null) {
					lane.running = false;
					this.lanes.remove(lane.key, lane);
					return;
				}
				for (Item later : lane.items) {
					if (item.event.supersededBy(later.event)) {
						later.receivedNanos = Math.min(later.receivedNanos, item.receivedNanos);
						superseded = true;
						break;
					}
				}
			}
			if (superseded) {
				this.coalesced.incrementAndGet();
				if (this.pending.decrementAndGet() == 0) {
					synchronized (this) {
						this.overflowing = false;
					}
				}
				continue;
			}
			try {
				boolean current;
				synchronized (this) {
					current = item.generation == this.generation;
				}
				if (current) {
					this.handler.handle(item.event, item.receivedNanos);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Applying " + item.event.type() + " failed: " + ex.getMessage(), ex);
			}
			finally {
				int left = this.pending.decrementAndGet();
				if (left == 0) {
					synchronized (this) {
						this.overflowing = false;
					}
				}
			}
		}
	}

	@Override
	public void close() {
		synchronized (this) {
			this.executor.shutdownNow();
		}
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What became of a submitted event.
	 */
	public enum Outcome {

		/** Queued in its lane. */
		QUEUED,

		/** Equal to an event already waiting in its lane. */
		DUPLICATE,

		/** No room (or shutting down): a sync was requested instead. */
		DROPPED

	}

	private static final class Item {

		final MarathonEvent event;

		long receivedNanos;

		final int generation;

		Item(MarathonEvent event, long receivedNanos, int generation) {
			this.event = event;
			this.receivedNanos = receivedNanos;
			this.generation = generation;
		}

	}

	private static final class Lane {

		final String key;

		final ArrayDeque<Item> items = new ArrayDeque<>();

		boolean running;

		Lane(String key) {
			this.key = key;
		}

	}

}
