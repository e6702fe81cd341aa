package io.cairn.registry.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The registry's clock and threads.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryConfiguration {

	/**
	 * The clock every TTL decision reads; tests replace it to expire instances without
	 * sleeping.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Runs the renewal flush and the expiry reaper.
	 * @return the scheduler
	 */
	@Bean
	ThreadPoolTaskScheduler registryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("registry-");
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		return scheduler;
	}

	/**
	 * Reads the answers of watches, off the request and listener threads. Its few threads
	 * bound the database connections watches can hold; its queue holds at most one read
	 * per watch allowed ({@code cairn.registry.watches.max-total}), since watches of one
	 * query share their reads.
	 * @param properties the registry properties
	 * @return the executor
	 */
	@Bean
	ThreadPoolTaskExecutor watchExecutor(RegistryProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.watches().readConcurrency());
		executor.setMaxPoolSize(properties.watches().readConcurrency());
		executor.setQueueCapacity(properties.watches().maxTotal());
		executor.setThreadNamePrefix("registry-watch-");
		return executor;
	}

	/**
	 * Ends the waits of watches whose time has run out.
	 * @return the scheduler
	 */
	@Bean
	ThreadPoolTaskScheduler watchTimer() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setThreadNamePrefix("registry-watch-timer-");
		return scheduler;
	}

}
