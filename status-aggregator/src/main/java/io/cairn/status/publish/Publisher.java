package io.cairn.status.publish;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.AggregateSnapshot;
import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.api.StatusRenderer;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.store.CheckStore;
import io.cairn.support.security.Redaction;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Tells other systems about changes: writes the aggregate and every check's state to a
 * ZooKeeper znode (when ZooKeeper is configured) on every change, and POSTs to webhooks
 * when the aggregate status changes. One replica publishes at a time, the holder of the
 * {@code publisher} lease, so watchers see one writer and webhooks fire once. Changes are
 * coalesced: while a write is in flight, further changes make one more write. The writes
 * run on one thread of its own ({@code status-publish-1}, from Boot's executor builder,
 * built at start and closed at stop), the lease renewals on the shared timers.
 */
public class Publisher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Publisher.class);

	static final String LEASE = "publisher";

	private final LiveChecks live;

	private final @Nullable CuratorFramework curator;

	private final CheckStore store;

	private final StatusRenderer renderer;

	private final JsonMapper mapper;

	private final StatusProperties properties;

	private final Clock clock;

	private final String replicaId;

	private final ScheduledExecutorService timer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AtomicBoolean dirty = new AtomicBoolean(true);

	private final Counter znodeWrites;

	private final Counter webhookCalls;

	private final Counter webhookFailures;

	private final ThreadPoolTaskExecutorBuilder executors;

	private @Nullable ThreadPoolTaskExecutor worker;

	private @Nullable ScheduledFuture<?> tick;

	private @Nullable CheckStatus lastStatus;

	private volatile boolean leader;

	/**
	 * Create the publisher.
	 * @param live the checks
	 * @param curator the ZooKeeper client, or null when ZooKeeper is not configured
	 * @param store holds the lease
	 * @param renderer Megaphone's date
	 * @param mapper writes the documents
	 * @param properties settings
	 * @param clock the clock
	 * @param replicaId this replica
	 * @param timer runs the lease renewal
	 * @param meters where the publishing meters go
	 * @param executors Boot's executor builder (the writer's thread)
	 */
	public Publisher(LiveChecks live, @Nullable CuratorFramework curator, CheckStore store, StatusRenderer renderer,
			JsonMapper mapper, StatusProperties properties, Clock clock, String replicaId,
			ScheduledExecutorService timer, MeterRegistry meters, ThreadPoolTaskExecutorBuilder executors) {
		this.executors = executors;
		this.live = live;
		this.curator = curator;
		this.store = store;
		this.renderer = renderer;
		this.mapper = mapper;
		this.properties = properties;
		this.clock = clock;
		this.replicaId = replicaId;
		this.timer = timer;
		this.znodeWrites = Counter.builder("cairn.status.publish.znode.writes").register(meters);
		this.webhookCalls = Counter.builder("cairn.status.publish.webhook.calls").register(meters);
		this.webhookFailures = Counter.builder("cairn.status.publish.webhook.failures").register(meters);
	}

	/**
	 * Whether this replica holds the publisher lease.
	 * @return true when it publishes
	 */
	public boolean leader() {
		return this.leader;
	}

	private void changed(AggregateSnapshot snapshot) {
		this.dirty.set(true);
		ThreadPoolTaskExecutor executor = this.worker;
		if (executor != null && this.leader) {
			executor.execute(this::publishIfDirty);
		}
	}

	private void renewLease() {
		try {
			boolean was = this.leader;
			this.leader = this.store.tryLease(LEASE, this.replicaId, this.clock.instant(),
					this.properties.discovery().leaseTime());
			if (this.leader && !was) {
				logger.info("This replica publishes the status now");
				this.dirty.set(true);
			}
			if (this.leader) {
				publishIfDirty();
			}
		}
		catch (RuntimeException ex) {
			this.leader = false;
		}
	}

	private synchronized void publishIfDirty() {
		if (!this.leader || !this.dirty.getAndSet(false)) {
			return;
		}
		AggregateSnapshot snapshot = this.live.snapshot();
		String date = this.renderer.dateText();
		try {
			writeZnode(snapshot, date);
		}
		catch (Exception ex) {
			this.dirty.set(true);
			logger.warn("Could not write the status znode; will retry: " + ex.getMessage());
		}
		CheckStatus previous = this.lastStatus;
		this.lastStatus = snapshot.status();
		if (previous != null && previous != snapshot.status()) {
			callWebhooks(snapshot, previous, date);
		}
	}

	private void writeZnode(AggregateSnapshot snapshot, String date) throws Exception {
		if (this.curator == null) {
			return;
		}
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("status", snapshot.status().label());
		document.put("message", snapshot.message());
		document.put("date", date);
		document.put("updated", this.clock.instant().toString());
		document.put("publishedBy", this.replicaId);
		Map<String, Object> checks = new LinkedHashMap<>();
		for (LiveChecks.View view : this.live.list()) {
			checks.put(view.check().id(), state(view.check(), view.contribution()));
		}
		document.put("checks", checks);
		byte[] bytes = this.mapper.writeValueAsBytes(document);
		if (bytes.length > 900_000) {
			// ZooKeeper's default limit is 1 MB per znode: keep the aggregate, say what
			// is
			// missing.
			document.put("checks", Map.of());
			document.put("truncated", "more checks than fit in one znode; read GET /checks");
			bytes = this.mapper.writeValueAsBytes(document);
		}
		this.curator.create().orSetData().creatingParentsIfNeeded().forPath(this.properties.zookeeper().path(), bytes);
		this.znodeWrites.increment();
	}

	private static Map<String, Object> state(TrackedCheck check, Contribution contribution) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("status", contribution.status().label());
		state.put("label", contribution.label());
		state.put("message", contribution.message());
		state.put("counted", contribution.counted());
		state.put("stale", contribution.stale());
		state.put("source", check.definition().source().id());
		if (check.state().polledAt() != null) {
			state.put("lastPolled", check.state().polledAt().toString());
		}
		if (check.state().changedAt() != null) {
			state.put("lastChanged", check.state().changedAt().toString());
		}
		return state;
	}

	private void callWebhooks(AggregateSnapshot snapshot, CheckStatus previous, String date) {
		List<StatusProperties.Webhook> webhooks = this.properties.webhooks();
		if (webhooks.isEmpty()) {
			return;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", snapshot.status().label());
		body.put("previous", previous.label());
		body.put("message", snapshot.message());
		body.put("date", date);
		byte[] bytes = this.mapper.writeValueAsBytes(body);
		for (StatusProperties.Webhook webhook : webhooks) {
			HttpRequest request = HttpRequest.newBuilder(webhook.url())
				.timeout(webhook.timeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
				.build();
			this.webhookCalls.increment();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, ex) -> {
				if (ex != null || response.statusCode() >= 300) {
					this.webhookFailures.increment();
					// A webhook URL's path or query is often its secret (Slack, Teams):
					// only its origin is logged, and never in the exception's words.
					logger.warn("Webhook " + Redaction.urlOrigin(webhook.url().toString()) + " failed: "
							+ ((ex != null) ? ex.getClass().getSimpleName() : "HTTP " + response.statusCode()));
				}
			});
		}
	}

	@Override
	public void start() {
		// One writer, one queue without bound (changes coalesce, so few wait), as long
		// as it runs.
		ThreadPoolTaskExecutor writer = this.executors.corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(Integer.MAX_VALUE)
			.allowCoreThreadTimeOut(false)
			.threadNamePrefix("status-publish-")
			.build();
		writer.setDaemon(true);
		// A write under way is interrupted at stop.
		writer.setWaitForTasksToCompleteOnShutdown(false);
		writer.initialize();
		this.worker = writer;
		this.live.addListener(this::changed);
		long renew = Math.max(100, this.properties.discovery().leaseTime().toMillis() / 3);
		this.tick = this.timer.scheduleWithFixedDelay(() -> {
			ThreadPoolTaskExecutor executor = this.worker;
			if (executor != null) {
				executor.execute(this::renewLease);
			}
		}, 0, renew, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.tick != null) {
			this.tick.cancel(false);
			this.tick = null;
		}
		ThreadPoolTaskExecutor writer = this.worker;
		this.worker = null;
		if (writer != null) {
			writer.shutdown();
		}
		if (this.leader) {
			try {
				this.store.releaseLease(LEASE, this.replicaId);
			}
			catch (RuntimeException ex) {
				// the lease runs out by itself
			}
			this.leader = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.worker != null;
	}

}
