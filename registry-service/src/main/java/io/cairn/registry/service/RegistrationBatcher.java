package io.cairn.registry.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.EndpointTakenException;
import io.cairn.registry.domain.RegistryBusyException;
import io.cairn.registry.domain.RegistryFullException;
import io.cairn.registry.store.RegistryStore;
import io.cairn.registry.store.RegistryStore.DurableResult;
import io.cairn.registry.store.RegistryStore.PendingRegistration;
import io.cairn.registry.store.RegistryStore.RegistrationResult;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for durable heartbeats. Each registration used to be a transaction of its
 * own, serialised on the change index's row lock and waiting for its own commit (a disk
 * flush) before the next could start: about 360 a second, however many clients sent them.
 * Here one writer thread takes every registration that arrived while the previous
 * transaction was committing (up to {@code cairn.registry.registrations.max-batch-size})
 * and writes them in one transaction, one statement per step, so that a commit is shared
 * by all of them; under light load a batch is one registration and waits for nothing.
 * <p>
 * Durability is unchanged: a caller is answered only once the commit holding its row has
 * succeeded. A heartbeat the rules refuse is refused alone; any other failure rolls the
 * transaction back and fails exactly the callers of that batch (JSON-RPC -32603, REST 503
 * when the database is down). At most {@code max-queued} registrations wait; beyond that
 * a registration is refused at once with {@link RegistryBusyException}.
 * <p>
 * The registrations of one JSON-RPC batch arrive together ({@link #submit}) and are
 * queued as one group, which the writer takes whole into one transaction (as long as it
 * fits {@code max-batch-size}), so that a client's batch of heartbeats costs one commit,
 * not one per call.
 */
@Component
class RegistrationBatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RegistrationBatcher.class);

	private final BlockingQueue<List<Waiting>> queue = new LinkedBlockingQueue<>();

	/** Registrations in {@link #queue} (its groups' sizes added up). */
	private final AtomicInteger queuedCount = new AtomicInteger();

	private final RegistryStore store;

	private final RegistryProperties.Registrations properties;

	private final Timer writeTimer;

	private final DistributionSummary batchSizes;

	private final Counter refusals;

	private volatile State state = State.LATENT;

	private @Nullable Thread writer;

	RegistrationBatcher(RegistryStore store, RegistryProperties properties, MeterRegistry meters) {
		this.store = store;
		this.properties = properties.registrations();
		this.writeTimer = Timer.builder("cairn.registry.registrations.write")
			.description("Transactions writing a batch of registrations, until their commit")
			.register(meters);
		this.batchSizes = DistributionSummary.builder("cairn.registry.registrations.batch")
			.description("Registrations written per transaction")
			.register(meters);
		this.refusals = Counter.builder("cairn.registry.registrations.busy")
			.description("Registrations refused because cairn.registry.registrations.max-queued were waiting")
			.register(meters);
		Gauge.builder("cairn.registry.registrations.queued", this.queuedCount, AtomicInteger::get)
			.description("Registrations waiting for their transaction")
			.register(meters);
	}

	/**
	 * Write a heartbeat durably, together with those that arrive meanwhile.
	 * @param registration the heartbeat
	 * @return what the write did, once it is committed
	 * @throws EndpointTakenException when the endpoint is alive under a service the
	 * caller may not write
	 * @throws RegistryFullException when the endpoint is new and the registry is full
	 * @throws RegistryBusyException when too many registrations are waiting, or the
	 * registry is stopping
	 * @throws RegistrationFailedException when the transaction holding it failed (nothing
	 * of it was written)
	 */
	DurableResult register(PendingRegistration registration) {
		return await(submit(List.of(registration)).get(0));
	}

	/**
	 * Queue heartbeats to be written together, in one transaction when they fit
	 * {@code max-batch-size} (two of one endpoint are written one after the other, in
	 * their order). Those beyond {@code max-queued} are refused alone.
	 * @param registrations the heartbeats, in their order
	 * @return each one's answer, in the same order, complete once its commit is done (or
	 * exceptionally as {@link #register} throws)
	 */
	List<CompletableFuture<DurableResult>> submit(List<PendingRegistration> registrations) {
		List<CompletableFuture<DurableResult>> answers = new ArrayList<>(registrations.size());
		if (this.state != State.STARTED) {
			registrations.forEach((registration) -> answers.add(CompletableFuture
				.failedFuture(new RegistryBusyException("The registry is not running", this.properties.retryAfter()))));
			return answers;
		}
		int admitted = admit(registrations.size());
		List<Waiting> group = new ArrayList<>(admitted);
		for (int i = 0; i < registrations.size(); i++) {
			CompletableFuture<DurableResult> answer = new CompletableFuture<>();
			answers.add(answer);
			if (i < admitted) {
				group.add(new Waiting(registrations.get(i), answer));
			}
			else {
				this.refusals.increment();
				answer.completeExceptionally(new RegistryBusyException(
						this.properties.maxQueued()
								+ " registrations are waiting to be written (cairn.registry.registrations.max-queued)",
						this.properties.retryAfter()));
			}
		}
		if (group.isEmpty()) {
			return answers;
		}
		this.queue.add(group);
		// The writer fails what it finds queued when it stops; this group may have come
		// after.
		if (this.state == State.CLOSED && this.queue.remove(group)) {
			this.queuedCount.addAndGet(-group.size());
			group.forEach((waiting) -> waiting.answer()
				.completeExceptionally(
						new RegistryBusyException("The registry is stopping", this.properties.retryAfter())));
		}
		return answers;
	}

	/**
	 * Count up to {@code wanted} registrations into the queue's bound.
	 * @return how many fit
	 */
	private int admit(int wanted) {
		while (true) {
			int queued = this.queuedCount.get();
			int admitted = Math.max(0, Math.min(wanted, this.properties.maxQueued() - queued));
			if (admitted == 0 || this.queuedCount.compareAndSet(queued, queued + admitted)) {
				return admitted;
			}
		}
	}

	/**
	 * Wait for a submitted heartbeat's commit.
	 * @param answer one of the answers of {@link #submit}
	 * @return what the write did
	 * @see #register
	 */
	static DurableResult await(CompletableFuture<DurableResult> answer) {
		try {
			return answer.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistrationFailedException("Interrupted while waiting for the registration's commit", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof EndpointTakenException || cause instanceof RegistryFullException
					|| cause instanceof RegistryBusyException) {
				throw (RuntimeException) cause;
			}
			// Thrown on this caller's thread, with the shared cause (which tells a
			// database outage from a bug).
			throw new RegistrationFailedException("The registration's transaction failed; nothing of it was written",
					cause);
		}
	}

	/**
	 * Registrations waiting for their transaction.
	 * @return how many
	 */
	int queued() {
		return this.queuedCount.get();
	}

	private void writeLoop() {
		List<Waiting> carried = new ArrayList<>();
		while (this.state == State.STARTED || !this.queue.isEmpty() || !carried.isEmpty()) {
			List<Waiting> batch;
			try {
				batch = nextBatch(carried);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (!batch.isEmpty()) {
				write(batch);
			}
		}
		this.state = State.CLOSED;
		List<Waiting> left = new ArrayList<>(carried);
		List<List<Waiting>> groups = new ArrayList<>();
		this.queue.drainTo(groups);
		groups.forEach((group) -> {
			this.queuedCount.addAndGet(-group.size());
			left.addAll(group);
		});
		left.forEach((waiting) -> waiting.answer()
			.completeExceptionally(
					new RegistryBusyException("The registry is stopping", this.properties.retryAfter())));
	}

	/**
	 * The next batch: what was carried over, then whole groups as they were queued while
	 * they fit (a group larger than {@code max-batch-size} is split), one heartbeat per
	 * endpoint (a second one of the same endpoint waits for the next batch, so that the
	 * two are written in the order they came).
	 */
	private List<Waiting> nextBatch(List<Waiting> carried) throws InterruptedException {
		int maxBatchSize = this.properties.maxBatchSize();
		List<Waiting> candidates = new ArrayList<>(carried.subList(0, Math.min(maxBatchSize, carried.size())));
		carried.subList(0, candidates.size()).clear();
		if (candidates.isEmpty()) {
			List<Waiting> first = this.queue.poll(100, TimeUnit.MILLISECONDS);
			if (first == null) {
				return List.of();
			}
			take(first, candidates, carried, maxBatchSize);
		}
		// The only consumer: a group seen here is still the head when it is taken.
		// Nothing
		// newer is taken while older ones are still carried.
		List<Waiting> next;
		while (carried.isEmpty() && candidates.size() < maxBatchSize && (next = this.queue.peek()) != null
				&& candidates.size() + next.size() <= maxBatchSize) {
			take(Objects.requireNonNull(this.queue.poll()), candidates, carried, maxBatchSize);
		}
		List<Waiting> batch = new ArrayList<>(candidates.size());
		Set<Endpoint> endpoints = new HashSet<>();
		List<Waiting> later = new ArrayList<>();
		for (Waiting waiting : candidates) {
			if (endpoints.add(waiting.registration().registration().endpoint())) {
				batch.add(waiting);
			}
			else {
				later.add(waiting);
			}
		}
		// What waits keeps its order, ahead of a split group's rest.
		carried.addAll(0, later);
		return batch;
	}

	private void take(List<Waiting> group, List<Waiting> candidates, List<Waiting> carried, int maxBatchSize) {
		this.queuedCount.addAndGet(-group.size());
		int room = Math.max(0, maxBatchSize - candidates.size());
		candidates.addAll(group.subList(0, Math.min(room, group.size())));
		if (group.size() > room) {
			carried.addAll(group.subList(room, group.size()));
		}
	}

	private void write(List<Waiting> batch) {
		List<PendingRegistration> registrations = batch.stream().map(Waiting::registration).toList();
		List<RegistrationResult> results;
		try {
			results = this.writeTimer.recordCallable(() -> this.store.registerAll(registrations));
		}
		catch (Throwable ex) {
			// Even an Error is only this batch's: the writer keeps serving the others.
			logger.debug("A batch of " + batch.size() + " registrations failed", ex);
			batch.forEach((waiting) -> waiting.answer().completeExceptionally(ex));
			return;
		}
		this.batchSizes.record(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			RegistrationResult result = results.get(i);
			DurableResult written = result.written();
			if (written != null) {
				batch.get(i).answer().complete(written);
			}
			else {
				batch.get(i).answer().completeExceptionally(result.refusal());
			}
		}
	}

	@Override
	public void start() {
		// Also after a stop: Spring stops a context's lifecycle beans when it pauses it
		// (a cached test context) and starts them again when it is used.
		if (this.state != State.LATENT && this.state != State.CLOSED) {
			return;
		}
		this.state = State.STARTED;
		// A thread of its own, not a task on an executor from Boot's builders: the loop
		// holds it from start() to stop(), so a pool's queue and reuse would never serve;
		// and it stays a platform thread where Boot makes virtual ones
		// (spring.threads.virtual.enabled), so that the one writer every durable
		// heartbeat waits for does not queue for a carrier behind the request threads
		// that wait for it.
		Thread thread = new Thread(this::writeLoop, "registry-registrations");
		thread.setDaemon(true);
		thread.start();
		this.writer = thread;
	}

	@Override
	public void stop() {
		if (this.state != State.STARTED) {
			return;
		}
		// The writer writes what is queued, then fails what arrives later.
		this.state = State.STOPPING;
		Thread thread = this.writer;
		if (thread != null) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.state == State.STARTED;
	}

	@Override
	public int getPhase() {
		// Lower than the web server's phases: started before it takes requests, and
		// stopped after its graceful shutdown, so registrations in flight are written.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/** Where the batcher is in its life. */
	enum State {

		/** Not started: registrations are refused. */
		LATENT,

		/** Writing registrations. */
		STARTED,

		/** Writing what is queued; new registrations are refused. */
		STOPPING,

		/** Stopped: registrations are refused until it is started again. */
		CLOSED

	}

	/**
	 * A registration and its caller, waiting for the commit.
	 */
	private record Waiting(PendingRegistration registration, CompletableFuture<DurableResult> answer) {

	}

}
