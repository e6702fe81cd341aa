package io.cairn.registry.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry's clock.
 * <p>
 * Its threads are not beans: each component that needs some builds them from Boot's
 * {@code ThreadPoolTaskSchedulerBuilder} or {@code ThreadPoolTaskExecutorBuilder} (so
 * Boot's customizers and task decorator apply), names them {@code registry-*} and shuts
 * them down when it is closed. A bean of type {@code Executor} or {@code TaskScheduler}
 * would switch off Boot's {@code applicationTaskExecutor}, which Spring MVC's
 * asynchronous requests run on.
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

}
