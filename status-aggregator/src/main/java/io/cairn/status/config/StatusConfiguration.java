package io.cairn.status.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.FlappingProperties;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.maintenance.MaintenanceSchedule;
import io.cairn.status.aggregate.ReplicaSync;
import io.cairn.status.aggregate.StatusMetrics;
import io.cairn.status.api.StatusRenderer;
import io.cairn.status.check.StaleRule;
import io.cairn.status.history.ResultHistory;
import io.cairn.status.poll.CheckProbes;
import io.cairn.status.poll.CommandCheckRunner;
import io.cairn.status.probe.ProbeConfiguration;
import io.cairn.status.poll.HttpCheckFetcher;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.ResultFlusher;
import io.cairn.status.poll.StatusPollingHealthIndicator;
import io.cairn.status.poll.StatusDocuments;
import io.cairn.status.poll.Thresholds;
import io.cairn.status.security.AddressResolver;
import io.cairn.status.security.BoundedResolver;
import io.cairn.status.security.TargetPolicy;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.Housekeeping;
import io.cairn.status.service.MegaphoneImport;
import io.cairn.status.store.CheckStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the aggregator: the clock, the threads, the target policy, the poller and the
 * in-memory view.
 * <p>
 * Threads: each part that needs some builds them from Boot's builders
 * ({@code ThreadPoolTaskExecutorBuilder}, {@code ThreadPoolTaskSchedulerBuilder}, so
 * {@code spring.task.*} and their customizers apply), names them {@code status-*} and
 * closes them with itself; the periodic database work shares {@link StatusTimers}. None
 * is a bean of type {@code Executor} or {@code TaskScheduler}: such a bean would switch
 * off Boot's {@code applicationTaskExecutor}, which Spring MVC's asynchronous requests
 * use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ StatusProperties.class, FlappingProperties.class })
public class StatusConfiguration {

	/**
	 * The clock every poll, staleness and mute decision reads; tests replace it.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * This replica's id.
	 * @param properties settings
	 * @return the configured id, or the host name
	 */
	@Bean
	ReplicaId replicaId(StatusProperties properties) {
		if (properties.replicaId() != null && !properties.replicaId().isBlank()) {
			return new ReplicaId(properties.replicaId());
		}
		try {
			return new ReplicaId(InetAddress.getLocalHost().getHostName());
		}
		catch (UnknownHostException ex) {
			return new ReplicaId("status-aggregator");
		}
	}

	/**
	 * The timers the periodic database work shares (see {@link StatusTimers}).
	 * @param schedulers Boot's scheduler builder
	 * @return the timers
	 */
	@Bean(destroyMethod = "close")
	StatusTimers statusTimers(ThreadPoolTaskSchedulerBuilder schedulers) {
		return new StatusTimers(schedulers);
	}

	/**
	 * Host name lookups for the target policy, bounded by each poll's deadline.
	 * @param properties settings
	 * @param resolver a resolver of the application's own (tests), or the system's
	 * @return the resolver
	 */
	@Bean(destroyMethod = "close")
	BoundedResolver boundedResolver(StatusProperties properties, ObjectProvider<AddressResolver> resolver,
			ThreadPoolTaskExecutorBuilder executors) {
		AddressResolver delegate = resolver.getIfAvailable(() -> AddressResolver.SYSTEM);
		return new BoundedResolver(delegate, properties.poll().dnsLookups(), properties.poll().timeout(), executors);
	}

	@Bean
	TargetPolicy targetPolicy(StatusProperties properties, BoundedResolver resolver) {
		return new TargetPolicy(properties.security(), resolver::resolve);
	}

	@Bean
	StatusDocuments statusDocuments(JsonMapper mapper, StatusProperties properties) {
		return new StatusDocuments(mapper, properties.poll().statusAliases(), properties.api().showFailureReasons());
	}

	@Bean(destroyMethod = "close")
	HttpCheckFetcher httpCheckFetcher(StatusProperties properties, TargetPolicy policy, StatusDocuments documents,
			Clock clock, ObjectProvider<ProbeConfiguration.ProbeTls> tls, ThreadPoolTaskSchedulerBuilder schedulers) {
		ProbeConfiguration.ProbeTls probeTls = tls.getIfAvailable();
		return new HttpCheckFetcher(properties.poll(), properties.api().showFailureReasons(), policy, documents, clock,
				(probeTls != null && probeTls.custom()) ? probeTls.context() : null, schedulers);
	}

	@Bean
	CommandCheckRunner commandCheckRunner(Clock clock) {
		return new CommandCheckRunner(clock);
	}

	@Bean
	LiveChecks liveChecks(Clock clock, StatusProperties properties, FlappingProperties flapping,
			MaintenanceSchedule maintenance) {
		return new LiveChecks(clock,
				new StaleRule(properties.poll().interval(), properties.poll().staleAfterIntervals()), flapping,
				maintenance);
	}

	@Bean
	StatusMetrics statusMetrics(MeterRegistry registry, LiveChecks live, StatusProperties properties) {
		return new StatusMetrics(registry, live, properties.metrics().perCheckLimit());
	}

	@Bean
	ResultFlusher resultFlusher(CheckStore store, StatusTimers timers, StatusProperties properties,
			MeterRegistry meters, ObjectProvider<ResultHistory> history) {
		ResultHistory results = history.getIfAvailable();
		ResultFlusher flusher = (results != null)
				? new ResultFlusher(store, timers.executor(), properties.poll().flushInterval().toMillis(), results)
				: new ResultFlusher(store, timers.executor(), properties.poll().flushInterval().toMillis());
		FunctionCounter.builder("cairn.status.poll.results.dropped", flusher, ResultFlusher::dropped)
			.description("Poll results dropped because too many were waiting for the database")
			.register(meters);
		return flusher;
	}

	@Bean
	ReplicaSync replicaSync(CheckStore store, LiveChecks live, StatusTimers timers, StatusProperties properties,
			Clock clock) {
		return new ReplicaSync(store, live, timers.executor(), properties.syncInterval(), clock);
	}

	@Bean
	PollScheduler pollScheduler(CheckStore store, LiveChecks live, HttpCheckFetcher http, CommandCheckRunner commands,
			ResultFlusher flusher, StatusMetrics metrics, StatusProperties properties, Clock clock, ReplicaId replicaId,
			ObjectProvider<CheckProbes> probes, ThreadPoolTaskExecutorBuilder executors,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		return new PollScheduler(store, live, http, commands,
				new Thresholds(properties.poll().failureThreshold(), properties.poll().successThreshold()), flusher,
				metrics, properties, clock, replicaId.value(), (probes.stream().findAny().isPresent())
						? CheckProbes.firstOf(probes.orderedStream().toList()) : CheckProbes.NONE,
				executors, schedulers);
	}

	@Bean
	CheckService checkService(CheckStore store, LiveChecks live, PollScheduler scheduler, TargetPolicy policy,
			StatusProperties properties, Clock clock) {
		return new CheckService(store, live, scheduler, policy, properties, clock);
	}

	@Bean
	MegaphoneImport megaphoneImport(CheckService checks, CheckStore store, JsonMapper mapper, Clock clock) {
		return new MegaphoneImport(checks, store, mapper, clock);
	}

	@Bean
	StatusRenderer statusRenderer(LiveChecks live, Clock clock, StatusProperties properties, ReplicaSync sync) {
		return new StatusRenderer(live, clock, properties.zone(), sync::behindSince);
	}

	@Bean
	Housekeeping housekeeping(CheckService checks, CheckStore store, MegaphoneImport importer,
			StatusProperties properties, StatusTimers timers, JsonMapper mapper, Clock clock, ReplicaId replicaId) {
		return new Housekeeping(checks, store, importer, properties, timers.executor(), mapper, clock,
				replicaId.value());
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("statuspolling")
	StatusPollingHealthIndicator statusPollingHealthIndicator(PollScheduler scheduler, ResultFlusher flusher,
			ReplicaSync sync, LiveChecks live) {
		return new StatusPollingHealthIndicator(scheduler, flusher, sync, live);
	}

	/**
	 * This replica's id in the database.
	 *
	 * @param value the id
	 */
	public record ReplicaId(String value) {

	}

}
