package io.cairn.status.history;

import java.time.Clock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.cairn.status.config.StatusProperties;
import io.cairn.status.config.StatusTimers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the result history: its store, the batch writer the result flusher hands every
 * result to ({@code cairn.status.history.results}, on by default), and its housekeeping.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

	@Bean
	HistoryStore historyStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		return new HistoryStore(jdbc, jdbcTemplate);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cairn.status.history.results", matchIfMissing = true)
	ResultHistory resultHistory(HistoryStore store, StatusTimers timers, StatusProperties properties,
			MeterRegistry meters) {
		ResultHistory history = new ResultHistory(store, timers.executor(),
				properties.poll().flushInterval().toMillis(), properties.history().queueCapacity());
		FunctionCounter.builder("cairn.status.history.results.dropped", history, ResultHistory::dropped)
			.description("Poll results left out of the result history because too many were waiting for the database")
			.register(meters);
		FunctionCounter.builder("cairn.status.history.results.written", history, ResultHistory::written)
			.description("Poll results written to the result history")
			.register(meters);
		Gauge.builder("cairn.status.history.results.queued", history, ResultHistory::queued)
			.description("Poll results waiting to be written to the result history")
			.register(meters);
		return history;
	}

	@Bean
	HistoryHousekeeping historyHousekeeping(HistoryStore store, StatusTimers timers, Clock clock,
			StatusProperties properties) {
		return new HistoryHousekeeping(store, timers.executor(), clock, properties.history().rawRetention(),
				properties.history().hourlyRetention());
	}

}
