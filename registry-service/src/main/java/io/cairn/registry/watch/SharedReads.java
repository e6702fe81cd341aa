package io.cairn.registry.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Answers watches with as few database reads as possible, on a few threads of their own.
 * <p>
 * Reads are keyed by query (the endpoint and every parameter that shapes its answer).
 * Every request for a key that arrives while a read of that key is queued and not yet
 * started joins it: it is answered with that read's result, which reflects at least every
 * change committed before the request. So N watchers of one query woken by a change cost
 * one read, not N, and under a stream of changes each query costs at most one read in
 * progress and one queued. The executor has
 * {@code cairn.registry.watches.read-concurrency} threads ({@code registry-watch-*}, from
 * Boot's {@link ThreadPoolTaskExecutorBuilder}), so watches hold at most that many
 * database connections and leave the rest to heartbeats; its queue holds at most one read
 * per watch allowed ({@code cairn.registry.watches.max-total}), since watches of one
 * query share their reads. It is shut down when this is closed.
 */
@Component
public class SharedReads implements AutoCloseable {

	private final ConcurrentHashMap<String, Batch> queued = new ConcurrentHashMap<>();

	private final ThreadLocal<@Nullable List<Batch>> deferred = new ThreadLocal<>();

	private final ThreadPoolTaskExecutor executor;

	private final Counter reads;

	@Autowired
	SharedReads(ThreadPoolTaskExecutorBuilder executors, RegistryProperties properties, MeterRegistry meters) {
		this(readExecutor(executors, properties.watches()), meters);
		// The executor.* meters Boot gave it when it was a bean, under the same name.
		new ExecutorServiceMetrics(this.executor.getThreadPoolExecutor(), "watchExecutor", List.of()).bindTo(meters);
	}

	/**
	 * Read on a given executor, which this shuts down when it is closed.
	 */
	SharedReads(ThreadPoolTaskExecutor executor, MeterRegistry meters) {
		this.executor = executor;
		this.reads = Counter.builder("cairn.registry.watches.reads")
			.description("Database reads made to answer watches (one per query per change at most)")
			.register(meters);
	}

	private static ThreadPoolTaskExecutor readExecutor(ThreadPoolTaskExecutorBuilder executors,
			RegistryProperties.Watches watches) {
		// Every setting that shapes the pool is set here, whatever
		// spring.task.execution.*
		// says for Boot's own executor: a fixed pool whose threads stay, and, on close,
		// reads not yet started are dropped (their watchers are gone with the server).
		ThreadPoolTaskExecutor executor = executors.corePoolSize(watches.readConcurrency())
			.maxPoolSize(watches.readConcurrency())
			.queueCapacity(watches.maxTotal())
			.allowCoreThreadTimeOut(false)
			.awaitTermination(false)
			.threadNamePrefix("registry-watch-")
			.build();
		executor.initialize();
		return executor;
	}

	/**
	 * Read the answer of a query, or join a queued read of the same query.
	 * @param <T> the answer type (the same for every request of a key)
	 * @param key what identifies the query
	 * @param reader reads the answer
	 * @param deliver receives the answer or the failure; called on a read thread, it must
	 * not block
	 */
	@SuppressWarnings("unchecked")
	public <T> void read(String key, Supplier<T> reader, BiConsumer<@Nullable T, @Nullable Throwable> deliver) {
		Batch[] created = new Batch[1];
		this.queued.compute(key, (k, existing) -> {
			Batch batch = existing;
			if (batch == null) {
				batch = new Batch(k, (Supplier<Object>) reader);
				created[0] = batch;
			}
			batch.deliveries.add((BiConsumer<Object, Throwable>) (BiConsumer<?, ?>) deliver);
			return batch;
		});
		if (created[0] != null) {
			List<Batch> later = this.deferred.get();
			if (later != null) {
				later.add(created[0]);
			}
			else {
				start(created[0]);
			}
		}
	}

	/**
	 * Run work that requests several reads, and start them only once it is done, so that
	 * requests of the same key made by that work share one read.
	 * @param work the work
	 */
	public void together(Runnable work) {
		if (this.deferred.get() != null) {
			work.run();
			return;
		}
		List<Batch> later = new ArrayList<>();
		this.deferred.set(later);
		try {
			work.run();
		}
		finally {
			this.deferred.remove();
			later.forEach(this::start);
		}
	}

	private void start(Batch batch) {
		try {
			this.executor.execute(() -> run(batch));
		}
		catch (TaskRejectedException ex) {
			this.queued.remove(batch.key, batch);
			batch.deliver(null, ex);
		}
	}

	/**
	 * Stop reading: reads not yet started are dropped, those under way are interrupted.
	 */
	@Override
	public void close() {
		this.executor.shutdown();
	}

	private void run(Batch batch) {
		// From here on, requests of this key start a new read: this one may already miss
		// their change.
		this.queued.remove(batch.key, batch);
		this.reads.increment();
		Object value;
		try {
			value = batch.reader.get();
		}
		catch (RuntimeException ex) {
			batch.deliver(null, ex);
			return;
		}
		batch.deliver(value, null);
	}

	private static final class Batch {

		private final String key;

		private final Supplier<Object> reader;

		private final Queue<BiConsumer<Object, Throwable>> deliveries = new ConcurrentLinkedQueue<>();

		Batch(String key, Supplier<Object> reader) {
			this.key = key;
			this.reader = reader;
		}

		void deliver(@Nullable Object value, @Nullable Throwable failure) {
			for (BiConsumer<Object, Throwable> delivery : this.deliveries) {
				delivery.accept(value, failure);
			}
		}

	}

}
