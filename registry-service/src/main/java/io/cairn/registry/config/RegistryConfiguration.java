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
	 * Answers watches once their index has passed (a database read each), off the
	 * listener's thread.
	 * @return the executor
	 */
	@Bean
	ThreadPoolTaskExecutor watchExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.setQueueCapacity(Integer.MAX_VALUE);
		executor.setThreadNamePrefix("registry-watch-");
		return executor;
	}

}
